// The printable sheet of the codes just made: the node answers it with the codes (the same
// sheet `tilshi program ballots --html` writes, src/core/ballot-sheet.ts) and keeps only their
// hashes, so this is the one place they are shown. It is drawn in a frame (its style is allowed
// by its hash in the node's CSP), printed from there or saved as a file, and forgotten when the
// user closes it or leaves the Program tab.
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { focusSoon } from '../controls.js';
import { t } from '../i18n.js';
import { type SheetShown, sheetFileName, type VotesState } from './vote-model.js';

export function BallotSheetPanel({ votes, sheet }: { votes: VotesState; sheet: SheetShown }): JSX.Element {
  const frame = useRef<HTMLIFrameElement>(null);
  const url = useMemo(() => URL.createObjectURL(new Blob([sheet.html], { type: 'text/html' })), [sheet.html]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <section class="panel" id="ballot-sheet" aria-labelledby="ballot-sheet-heading">
      <h4 id="ballot-sheet-heading" tabIndex={-1}>
        {t('desk.program.vote.sheet.heading', { n: sheet.count, name: sheet.name })}
      </h4>
      <p class="notice">{t('desk.program.vote.sheet.once')}</p>
      <p class="actions">
        <button
          type="button"
          class="primary"
          id="ballot-sheet-print"
          onClick={() => frame.current?.contentWindow?.print()}
        >
          {t('desk.program.vote.sheet.print')}
        </button>{' '}
        <a
          class="button-link"
          id="ballot-sheet-save"
          href={url}
          download={sheetFileName(sheet.vote, sheet.collective)}
        >
          {t('desk.program.vote.sheet.save')}
        </a>{' '}
        <button
          type="button"
          id="ballot-sheet-done"
          onClick={() => {
            votes.sheet.value = null;
            focusSoon(`vote-${sheet.vote}-codes-save`);
          }}
        >
          {t('desk.program.vote.sheet.done')}
        </button>
      </p>
      <iframe
        ref={frame}
        id="ballot-sheet-frame"
        title={t('desk.program.vote.sheet.frame')}
        srcdoc={sheet.html}
        width="100%"
        height="480"
      />
    </section>
  );
}

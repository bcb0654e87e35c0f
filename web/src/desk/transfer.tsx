// Transfer (`#/transfer`): bundles for an air-gapped desk and couriers. Download what this node
// holds as a bundle file or show it as a loop of QR codes; upload a bundle file, or read a QR
// loop with the camera (or from pictures), and store it on this node.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { Field, Options, useTitle, ViewHead } from './controls.js';
import { useDesk, useRouteState } from './desk-context.js';
import { formatNumber, t } from './i18n.js';
import { kilobytes, transferError } from './transfer-api.js';
import { ExportState } from './transfer-export.js';
import { ImportState } from './transfer-import.js';

function Problem({ error, id }: { error: unknown; id?: string }): JSX.Element {
  return (
    <p class="error" role="alert" id={id}>
      {transferError(error)}
    </p>
  );
}

/** The loop of QR codes: the frame on the screen, and play, pause and step. */
function QrFigure({ state }: { state: ExportState }): JSX.Element | null {
  const qr = state.qr.value;
  if (!qr) return null;
  const shown = state.shown.value;
  const total = qr.frames.length;
  return (
    <figure class="transfer-qr-figure">
      <img
        id="transfer-qr-image"
        class="transfer-qr"
        src={shown?.src}
        alt={shown ? t('desk.transfer.qr.alt', { n: shown.index + 1, total }) : ''}
        data-frame={shown ? String(shown.index) : undefined}
        data-frames={shown ? String(total) : undefined}
      />
      <figcaption>
        <p class="hint">{t('desk.transfer.qr.hint')}</p>
        <p id="transfer-qr-caption" class="muted" aria-live="off">
          {shown ? t('desk.transfer.qr.frame', { n: shown.index + 1, total }) : ''}
        </p>
        <p class="actions">
          <button type="button" id="transfer-qr-prev" disabled={qr.playing} onClick={() => state.step(-1)}>
            {t('desk.transfer.qr.previous')}
          </button>
          <button type="button" id="transfer-qr-play" onClick={() => state.togglePlay()}>
            {qr.playing ? t('desk.transfer.qr.pause') : t('desk.transfer.qr.play')}
          </button>
          <button type="button" id="transfer-qr-next" disabled={qr.playing} onClick={() => state.step(1)}>
            {t('desk.transfer.qr.next')}
          </button>
        </p>
      </figcaption>
    </figure>
  );
}

function ExportSection({ state }: { state: ExportState }): JSX.Element {
  const exported = state.exported.value;
  const peerLabel = (name: string | null, npub: string) =>
    name ? `${name} (${npub.slice(0, 14)}…)` : `${npub.slice(0, 20)}…`;
  return (
    <section class="panel" aria-labelledby="transfer-export-heading">
      <h2 id="transfer-export-heading">{t('desk.transfer.export.heading')}</h2>
      <p class="hint">{t('desk.transfer.export.hint')}</p>
      <Field
        id="transfer-peer"
        label={t('desk.transfer.export.peer')}
        hint={t('desk.transfer.export.peer_hint')}
      >
        <select
          name="peer"
          value={state.peer.value}
          onChange={(e) => {
            state.peer.value = e.currentTarget.value;
          }}
        >
          <Options
            options={[
              { value: '', label: t('desk.transfer.export.everything') },
              ...state.peers.value.map((p) => ({
                value: p.node_npub!,
                label: peerLabel(p.name, p.node_npub!),
              })),
            ]}
          />
        </select>
      </Field>
      <p class="actions">
        <button
          type="button"
          id="transfer-export"
          class="primary"
          disabled={state.exporting.value}
          onClick={() => void state.exportBundle()}
        >
          {t('desk.transfer.export.make')}
        </button>
      </p>
      {state.exporting.value ? (
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {state.error.value ? <Problem error={state.error.value} /> : null}
      {exported ? (
        <div id="transfer-exported">
          <p>{t('desk.transfer.export.ready', { size: kilobytes(exported.bytes.length) })}</p>
          <p class="actions">
            <a href={exported.url} download={exported.name} class="button-link" id="transfer-save">
              {t('desk.transfer.export.save')}
            </a>
            <button
              type="button"
              id="transfer-qr-show"
              disabled={state.qrLoading.value}
              onClick={() => void state.showQr()}
            >
              {t('desk.transfer.qr.show')}
            </button>
          </p>
        </div>
      ) : null}
      {state.qrLoading.value ? (
        <p class="muted" role="status">
          {t('desk.transfer.qr.loading')}
        </p>
      ) : null}
      {state.qrError.value ? <Problem error={state.qrError.value} /> : null}
      <QrFigure state={state} />
    </section>
  );
}

function Result({ state }: { state: ImportState }): JSX.Element | null {
  if (state.uploading.value)
    return (
      <p class="muted" role="status">
        {t('desk.transfer.upload.busy')}
      </p>
    );
  if (state.uploadError.value) return <Problem error={state.uploadError.value} id="transfer-result" />;
  const r = state.result.value;
  if (!r) return null;
  const rejected = Object.entries(r.rejected ?? {});
  return (
    <div class="notice" id="transfer-result" role="status">
      <p>
        <strong>
          {t('desk.transfer.result.summary', {
            new: formatNumber(r.new),
            duplicates: formatNumber(r.duplicates),
            total: formatNumber(r.total),
          })}
        </strong>
      </p>
      <p class="muted">
        {t('desk.transfer.result.sender')} <code class="key">{r.sender}</code>
      </p>
      {rejected.length ? (
        <div>
          <p>{t('desk.transfer.result.rejected')}</p>
          <ul>
            {rejected.map(([code, n]) => (
              <li key={code}>
                <code>{code}</code>
                {`: ${formatNumber(n)}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Take the files chosen, and empty the input so that the same file can be chosen again. */
function filesOf(input: HTMLInputElement): File[] {
  const files = Array.from(input.files ?? []);
  input.value = '';
  return files;
}

function ImportSection({ state }: { state: ImportState }): JSX.Element {
  const scanning = state.scanning.value;
  const reading = state.reading.value;
  const active = reading !== null || scanning !== 'off';
  return (
    <section class="panel" aria-labelledby="transfer-import-heading">
      <h2 id="transfer-import-heading">{t('desk.transfer.import.heading')}</h2>
      <p class="hint">{t('desk.transfer.import.hint')}</p>
      <Field id="transfer-file" label={t('desk.transfer.import.file')}>
        <input
          type="file"
          accept=".tilshi,application/gzip"
          disabled={state.uploading.value}
          onChange={(e) => {
            const [file] = filesOf(e.currentTarget);
            if (file) void state.upload(file);
          }}
        />
      </Field>
      <h3>{t('desk.transfer.scan.heading')}</h3>
      <p class="hint">{t('desk.transfer.scan.hint')}</p>
      <p class="actions">
        {scanning === 'off' ? (
          <button type="button" id="transfer-scan-start" onClick={() => void state.startCamera()}>
            {t('desk.transfer.scan.start')}
          </button>
        ) : (
          <button type="button" id="transfer-scan-stop" onClick={() => state.stopCamera()}>
            {t('desk.transfer.scan.stop')}
          </button>
        )}
        {active ? (
          <button type="button" id="transfer-scan-reset" onClick={() => state.reset()}>
            {t('desk.transfer.scan.reset')}
          </button>
        ) : null}
      </p>
      {scanning !== 'off' ? (
        <video ref={state.video} id="transfer-video" class="transfer-video" muted playsInline />
      ) : null}
      {active ? (
        <div class="transfer-progress">
          <progress id="transfer-scan-progress" max={1} value={reading?.progress ?? 0} />
          <p id="transfer-scan-text" class="muted">
            {t('desk.transfer.scan.progress', {
              percent: Math.floor((reading?.progress ?? 0) * 100),
              frames: formatNumber(reading?.frames ?? 0),
            })}
          </p>
        </div>
      ) : null}
      <Field
        id="transfer-images"
        label={t('desk.transfer.scan.images')}
        hint={t('desk.transfer.scan.images_hint')}
      >
        <input
          type="file"
          accept="image/*"
          multiple
          onChange={(e) => void state.readImages(filesOf(e.currentTarget))}
        />
      </Field>
      {state.scanError.value ? <Problem error={state.scanError.value} /> : null}
      <Result state={state} />
    </section>
  );
}

export function TransferView(): JSX.Element {
  const ctx = useDesk();
  const exporter = useRouteState('exporter', () => new ExportState(ctx));
  const importer = useRouteState('importer', () => new ImportState(ctx));
  useEffect(() => {
    if (ctx.canEdit) void exporter.loadPeers();
    return () => {
      exporter.dispose();
      importer.dispose();
    };
  }, [ctx, exporter, importer]);
  const title = t('desk.transfer.title');
  useTitle(title);
  return (
    <div class="view transfer">
      <ViewHead title={title} />
      <p>{t('desk.transfer.intro')}</p>
      {ctx.canEdit ? (
        <ExportSection state={exporter} />
      ) : (
        <p class="muted">{t('desk.transfer.export.no_role')}</p>
      )}
      <ImportSection state={importer} />
    </div>
  );
}

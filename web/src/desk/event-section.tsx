// A section of the event form: a fieldset with its legend.
import type { ComponentChildren, JSX } from 'preact';

export function Section(props: { id: string; title: string; children: ComponentChildren }): JSX.Element {
  return (
    <fieldset class="section" id={`sec-${props.id}`}>
      <legend>{props.title}</legend>
      {props.children}
    </fieldset>
  );
}

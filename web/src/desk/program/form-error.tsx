// A form's error in the Program view: the line that shows it (in the desk's words, announced,
// focusable) and the state behind it, so that every form fails, refuses and recovers the same
// way: a failed write shows its error and takes the focus to it, a refusal before writing says
// why, a successful one clears it.
import { type Signal, useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { focusSoon } from '../controls.js';
import { programError } from './program-model.js';

export function FormError({ id, error }: { id: string; error: unknown }): JSX.Element | null {
  return error ? (
    <p class="error" role="alert" id={id} tabIndex={-1}>
      {programError(error)}
    </p>
  ) : null;
}

export interface FormErrorState {
  readonly error: Signal<unknown>;
  /** Show a write's failure and focus it (or `focus`, the field at fault). */
  fail: (error: unknown, focus?: string) => void;
  /** Refuse before writing, saying why. */
  refuse: (message: string, focus?: string) => void;
  /** After a write: a success (an answer, or true) clears the error; answers whether it was one. */
  settle: <T>(answer: T | null | false) => answer is T;
}

/** The error state of the form whose error line is `${id}-error`. */
export function useFormError(id: string): FormErrorState {
  const error = useSignal<unknown>(null);
  const fail = (e: unknown, focus = `${id}-error`) => {
    error.value = e;
    focusSoon(focus);
  };
  return {
    error,
    fail,
    refuse: (message, focus) => fail(new Error(message), focus),
    settle: <T,>(answer: T | null | false): answer is T => {
      if (answer === null || answer === false) return false;
      error.value = null;
      return true;
    },
  };
}

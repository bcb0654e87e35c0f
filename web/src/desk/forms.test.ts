import { describe, expect, it } from 'vitest';
import { checkPasswordChange, checkSignIn, MIN_PASSWORD_LENGTH } from './forms.js';

describe('the sign-in and password checks', () => {
  it('name the first missing field of the sign-in', () => {
    expect(checkSignIn('  ', 'x')?.field).toBe('username');
    expect(checkSignIn('aigul', '')?.field).toBe('password');
    expect(checkSignIn('aigul', 'x')).toBeNull();
  });

  it('count characters, not bytes, and want the new password twice', () => {
    const long = 'қ'.repeat(MIN_PASSWORD_LENGTH);
    expect(checkPasswordChange('', long, long)?.field).toBe('current_password');
    expect(checkPasswordChange('old', '😀'.repeat(MIN_PASSWORD_LENGTH - 1), '')?.field).toBe('new_password');
    expect(checkPasswordChange('old', long, `${long}x`)?.field).toBe('repeat_password');
    expect(checkPasswordChange('old', long, long)).toBeNull();
  });
});

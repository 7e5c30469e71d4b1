/** An input document that is not what koophone-audit reads; the message names it and says what was expected. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

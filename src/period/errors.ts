/**
 * An error in what a client sent (a bad month, an impossible period), as opposed to a fault of the server.
 * The message is written for the person who sent the request: it says what was wrong and what to send instead.
 * `field` names the input field at fault, when there is one, so an API layer can point at it.
 */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

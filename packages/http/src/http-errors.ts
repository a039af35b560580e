// Errors that only the HTTP layer raises (the domain never sees a request body).

export interface FieldProblem {
  /** where the problem is, e.g. `body.answer` or `path.id` */
  path: string;
  message: string;
}

export class RequestValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'RequestValidationError';
  }
}

export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends Error {
  constructor(readonly contentType: string | undefined) {
    super(`content-type must be application/json in UTF-8 (got ${contentType ?? 'none'})`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Errors handlers and account mutations throw; the pipeline turns them into Zendesk's bodies. */

/** 404 `{"error":"RecordNotFound","description":"Not found"}`. */
export class NotFoundError extends Error {
  constructor(readonly kind: string, readonly id: number | string) {
    super(`${kind} ${id} not found`);
  }
}

/** 409 `{"error":"Conflict"}`. */
export class ConflictError extends Error {}

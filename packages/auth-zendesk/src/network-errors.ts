/** Reading the cause of a failed connection (DNS, refused, timeout) out of fetch/undici errors. */

export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  if (code) return code;
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  return error instanceof Error ? error.message : String(error);
}

const CODE_IN_TEXT = /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_SOCKET|CERT_HAS_EXPIRED|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b/;

/**
 * The network error code behind a failure: the first `code` (ENOTFOUND, ECONNREFUSED, …) along the
 * cause chain, else one named in a message (the kernel HTTP client folds causes into its message).
 */
export function networkErrorCode(error: unknown): string | undefined {
  const code = errorCode(error);
  if (code) return code;
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : "";
    const found = CODE_IN_TEXT.exec(message)?.[1];
    if (found) return found;
    if (/could not resolve host/i.test(message)) return "ENOTFOUND";
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The first `code` (ENOTFOUND, ECONNREFUSED, …) found along an error's cause chain. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z_]+|UND_ERR_[A-Z_]+|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+)$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const innerCode = errorCode(inner);
        if (innerCode) return innerCode;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

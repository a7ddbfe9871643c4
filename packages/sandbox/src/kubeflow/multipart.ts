/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  /** The form field (`Content-Disposition: form-data; name="…"`). */
  name: string;
  /** The file name, for a file part. */
  fileName?: string;
  /** The part's text. */
  content: string;
}

/**
 * Splits a `multipart/form-data` body (RFC 7578) received as text into its parts; undefined
 * when the content type is not multipart or names no boundary.
 */
export function parseMultipart(
  contentType: string | undefined,
  body: string,
): MultipartPart[] | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    return undefined;
  }
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) {
    return undefined;
  }
  const delimiter = `--${boundary}`;
  const parts: MultipartPart[] = [];
  // Between the preamble and the closing `--boundary--`, each piece is one part.
  for (const piece of body.split(delimiter).slice(1)) {
    if (piece.startsWith('--')) {
      break;
    }
    const raw = piece.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(raw);
    if (!split) {
      continue;
    }
    const headers = raw.slice(0, split.index);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(
      headers,
    )?.[1];
    const name = disposition && /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) {
      continue;
    }
    const fileName =
      disposition && /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    parts.push({
      name,
      ...(fileName !== undefined && { fileName }),
      content: raw.slice(split.index + split[0].length).replace(/\r?\n$/, ''),
    });
  }
  return parts;
}

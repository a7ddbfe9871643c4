/** The longest DNS label: 63 characters. */
export const DNS_LABEL_MAX_LENGTH = 63;

/**
 * What a DNS label must start with: a letter for a DNS-1035 label (what KServe's webhook wants
 * of an InferenceService name), a letter or a digit for a DNS-1123 label (a namespace).
 *
 * @internal
 */
export type DnsLabelKind = 'DNS-1035' | 'DNS-1123';

/**
 * Every rule of a DNS label that `value` breaks, one phrase each (empty when it is one), so that
 * the error says which rule failed rather than repeating the regex.
 *
 * @internal
 */
export function dnsLabelProblems(value: string, kind: DnsLabelKind): string[] {
  const problems: string[] = [];
  if (value.length > DNS_LABEL_MAX_LENGTH) {
    problems.push(
      `it is ${value.length} characters long, more than ${DNS_LABEL_MAX_LENGTH}`,
    );
  }
  if (/[A-Z]/.test(value)) {
    problems.push('it has upper-case letters');
  }
  const others = [...new Set(value.replace(/[a-zA-Z0-9-]/g, ''))];
  if (others.length > 0) {
    problems.push(
      `it contains ${others
        .map(c => JSON.stringify(c))
        .join(', ')}, but only lower-case letters, digits and '-' are allowed${
        others.includes('.') && kind === 'DNS-1035'
          ? " (Kubernetes allows '.' in names; KServe does not)"
          : ''
      }`,
    );
  }
  const first = kind === 'DNS-1035' ? /^[a-zA-Z]/ : /^[a-zA-Z0-9]/;
  if (!first.test(value)) {
    problems.push(
      kind === 'DNS-1035'
        ? 'it does not start with a letter'
        : 'it does not start with a letter or a digit',
    );
  }
  if (!/[a-zA-Z0-9]$/.test(value)) {
    problems.push('it does not end with a letter or a digit');
  }
  return problems;
}

/**
 * The rule of a DNS label in words, for error messages.
 *
 * @internal
 */
export function describeDnsLabel(kind: DnsLabelKind): string {
  return kind === 'DNS-1035'
    ? `a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a letter or a digit, at most ${DNS_LABEL_MAX_LENGTH} characters`
    : `a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or a digit, at most ${DNS_LABEL_MAX_LENGTH} characters`;
}

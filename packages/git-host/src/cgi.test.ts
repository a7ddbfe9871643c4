import { parseCgiHead } from './cgi';

describe('parseCgiHead', () => {
  it('takes the status from a Status header and keeps the others in order', () => {
    expect(
      parseCgiHead(
        'Status: 404 Not Found\r\nContent-Type: text/plain\r\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\r\nCache-Control: no-cache',
      ),
    ).toEqual({
      status: 404,
      headers: [
        ['Content-Type', 'text/plain'],
        ['Expires', 'Fri, 01 Jan 1980 00:00:00 GMT'],
        ['Cache-Control', 'no-cache'],
      ],
    });
  });

  it('defaults to 200, accepts bare LF line ends and ignores junk lines', () => {
    expect(
      parseCgiHead(
        'Content-Type: application/x-git-upload-pack-result\nnot a header\n',
      ),
    ).toEqual({
      status: 200,
      headers: [['Content-Type', 'application/x-git-upload-pack-result']],
    });
    expect(parseCgiHead('status: 999 Nonsense').status).toBe(200);
    expect(parseCgiHead('STATUS: 403 Forbidden').status).toBe(403);
  });
});

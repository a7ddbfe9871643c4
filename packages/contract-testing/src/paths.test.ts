import { compileTemplate, matchTemplate, Router, splitPath } from './paths';

describe('path templates', () => {
  it('matches {param} segments and decodes their values', () => {
    const t = compileTemplate('/dags/{dag_id}/dagRuns/{dag_run_id}');
    expect(matchTemplate(t, '/dags/my%20dag/dagRuns/manual__2024')).toEqual({
      dag_id: 'my dag',
      dag_run_id: 'manual__2024',
    });
    expect(matchTemplate(t, '/dags/my_dag/dagRuns')).toBeUndefined();
    expect(matchTemplate(t, '/dags/my_dag/dagRuns/a/b')).toBeUndefined();
  });

  it('prepends a server prefix as literal segments', () => {
    const t = compileTemplate('/dags', '/api/v1/');
    expect(matchTemplate(t, '/api/v1/dags')).toEqual({});
    expect(matchTemplate(t, '/dags')).toBeUndefined();
  });

  it('keeps a grpc-gateway custom verb literal', () => {
    const t = compileTemplate('/apis/v2beta1/runs/{run_id}:archive');
    expect(matchTemplate(t, '/apis/v2beta1/runs/r-1:archive')).toEqual({
      run_id: 'r-1',
    });
    expect(
      matchTemplate(t, '/apis/v2beta1/runs/r-1:unarchive'),
    ).toBeUndefined();
  });

  it('supports dotted param names and Flask <path:...> converters', () => {
    expect(
      matchTemplate(
        compileTemplate('/traces/{assessment.trace_id}/assessments'),
        '/traces/tr-1/assessments',
      ),
    ).toEqual({ 'assessment.trace_id': 'tr-1' });
    expect(
      matchTemplate(
        compileTemplate('/artifacts/<path:artifact_path>'),
        '/artifacts/a/b/model.pkl',
      ),
    ).toEqual({ artifact_path: 'a/b/model.pkl' });
  });
});

describe('Router', () => {
  const router = new Router<string>();
  router.add('get', compileTemplate('/pipelines/{pipeline_id}'), 'by-id');
  router.add(
    'get',
    compileTemplate('/pipelines/{pipeline_id}/versions'),
    'versions',
  );
  router.add('get', compileTemplate('/pipelines/names/{name}'), 'by-name');
  router.add('get', compileTemplate('/pipelines/search'), 'search');
  router.add('post', compileTemplate('/runs/{run_id}:archive'), 'archive');
  router.add('post', compileTemplate('/runs/{run_id}'), 'run-post');
  router.add('get', compileTemplate('/files/<path:p>'), 'greedy');
  router.add('get', compileTemplate('/files/{name}'), 'single');

  it('prefers literal segments over parameters, whatever the order of registration', () => {
    expect(router.find('GET', '/pipelines/search')?.value).toBe('search');
    expect(router.find('GET', '/pipelines/names/versions')?.value).toBe(
      'by-name',
    );
    expect(router.find('GET', '/pipelines/p-1/versions')?.value).toBe(
      'versions',
    );
    expect(router.find('GET', '/pipelines/p-1')?.value).toBe('by-id');
  });

  it('prefers a literal custom verb over a bare parameter', () => {
    expect(router.find('POST', '/runs/r-1:archive')).toEqual({
      value: 'archive',
      params: { run_id: 'r-1' },
    });
    expect(router.find('POST', '/runs/r-1')?.value).toBe('run-post');
  });

  it('prefers a one-segment parameter over a multi-segment one', () => {
    expect(router.find('GET', '/files/a')?.value).toBe('single');
    expect(router.find('GET', '/files/a/b')?.value).toBe('greedy');
  });

  it('matches the method case-insensitively and reports the methods a path does have', () => {
    expect(router.find('get', '/pipelines/p-1')?.value).toBe('by-id');
    expect(router.find('DELETE', '/pipelines/p-1')).toBeUndefined();
    expect(router.methodsFor('/runs/r-1')).toEqual(['POST']);
  });
});

describe('splitPath', () => {
  it('separates the query string and merges extra query values as repeated keys', () => {
    expect(
      splitPath('/api/v1/dags?limit=2&tags=a&tags=b+c#frag', {
        tags: 'd',
        x: ['1', '2'],
      }),
    ).toEqual({
      pathname: '/api/v1/dags',
      query: { limit: ['2'], tags: ['a', 'b c', 'd'], x: ['1', '2'] },
    });
  });
});

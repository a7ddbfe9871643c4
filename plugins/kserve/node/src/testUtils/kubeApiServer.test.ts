import { kubeApiServerAvailability } from './kubeApiServer';

describe('kubeApiServerAvailability', () => {
  const saved = { PATH: process.env.PATH, ETCD_BIN: process.env.ETCD_BIN };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.ETCD_BIN === undefined) delete process.env.ETCD_BIN;
    else process.env.ETCD_BIN = saved.ETCD_BIN;
  });

  it('says why no server can start when etcd is missing', () => {
    process.env.PATH = '/nonexistent';
    delete process.env.ETCD_BIN;
    expect(kubeApiServerAvailability()).toEqual({
      available: false,
      reason: 'etcd is not installed (apt-get install -y etcd-server)',
    });
  });

  it('names the missing tools when etcd is given but they are not', () => {
    process.env.PATH = '/nonexistent';
    process.env.ETCD_BIN = '/usr/bin/etcd';
    expect(kubeApiServerAvailability()).toEqual({
      available: false,
      reason: 'openssl, curl, xz not installed',
    });
  });
});

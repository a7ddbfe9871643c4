import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { createOrReuseWinner } from './createOrReuseWinner';

describe('createOrReuseWinner', () => {
  it('answers what the create made', async () => {
    const find = jest.fn(async () => 'winner');

    await expect(createOrReuseWinner(async () => 'mine', find)).resolves.toBe(
      'mine',
    );
    expect(find).not.toHaveBeenCalled();
  });

  it('answers the winner when a concurrent create made it first', async () => {
    await expect(
      createOrReuseWinner(
        async () => {
          throw new ConflictError('RESOURCE_ALREADY_EXISTS');
        },
        async () => 'winner',
      ),
    ).resolves.toBe('winner');
  });

  it('rethrows the conflict when the winner cannot be found either', async () => {
    const conflict = new ConflictError('already exists');

    await expect(
      createOrReuseWinner(
        async () => {
          throw conflict;
        },
        async () => undefined,
      ),
    ).rejects.toBe(conflict);
  });

  it('rethrows any other failure without looking', async () => {
    const down = new ServiceUnavailableError('down');
    const find = jest.fn(async () => 'winner');

    await expect(
      createOrReuseWinner(async () => {
        throw down;
      }, find),
    ).rejects.toBe(down);
    expect(find).not.toHaveBeenCalled();
  });
});

import { scheduleText } from './format';

describe('scheduleText', () => {
  it.each([
    [{ cron: '0 0 2 * * *' }, 'cron 0 0 2 * * *'],
    [{ intervalSeconds: 86_400 }, 'every day'],
    [{ intervalSeconds: 172_800 }, 'every 2 days'],
    [{ intervalSeconds: 21_600 }, 'every 6 hours'],
    [{ intervalSeconds: 3_600 }, 'every hour'],
    [{ intervalSeconds: 300 }, 'every 5 minutes'],
    [{ intervalSeconds: 90 }, 'every 90 seconds'],
    [{ intervalSeconds: 1 }, 'every second'],
    [{ intervalSeconds: 0 }, 'no trigger'],
    [{}, 'no trigger'],
    [undefined, 'no trigger'],
  ])('writes %p as %p', (schedule, text) => {
    expect(scheduleText(schedule)).toBe(text);
  });
});

// fireEvent: user-event is not a dependency of this package
import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { RunStatusStrip } from './RunStatusStrip';

const items = [
  { id: 'r1', status: 'success', label: 'r1 · success', href: 'http://a/r1' },
  { id: 'r2', status: 'failed', label: 'r2 · failed', href: 'http://a/r2' },
  { id: 'r3', status: 'running', label: 'r3 · running' },
];

describe('RunStatusStrip', () => {
  it('draws one square per run in the given order, coloured by status family', async () => {
    await renderInTestApp(<RunStatusStrip title="Recent runs" items={items} />);
    const strip = screen.getByRole('list', { name: 'Recent runs' });
    const squares = within(strip)
      .getAllByRole('listitem')
      .map(li => li.firstElementChild!);
    expect(squares.map(s => s.getAttribute('aria-label'))).toEqual([
      'r1 · success',
      'r2 · failed',
      'r3 · running',
    ]);
    expect(squares.map(s => s.getAttribute('data-status-category'))).toEqual([
      'ok',
      'error',
      'running',
    ]);
    expect(getComputedStyle(squares[0]).backgroundColor).not.toBe('');
    expect(getComputedStyle(squares[0]).backgroundColor).not.toBe(
      getComputedStyle(squares[1]).backgroundColor,
    );
    // not selectable: links where there is an address
    expect(squares[0]).toHaveAttribute('href', 'http://a/r1');
    expect(squares[2].tagName).toBe('SPAN');
  });

  it('selects a run on click when selectable, marking the selected one', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <RunStatusStrip
        title="Recent runs"
        items={items}
        selectedId="r1"
        onSelect={onSelect}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'r1 · success' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'r2 · failed' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    fireEvent.click(screen.getByRole('button', { name: 'r2 · failed' }));
    expect(onSelect).toHaveBeenCalledWith('r2');
  });
});

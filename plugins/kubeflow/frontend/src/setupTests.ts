import '@testing-library/jest-dom';

// jsdom does not lay out SVG: DependencyGraph measures each node with getBBox before dagre places
// it, so the tests give every node a fixed box (what a browser would measure for the node card).
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  configurable: true,
  value: () => ({ x: 0, y: 0, width: 200, height: 64 }),
});

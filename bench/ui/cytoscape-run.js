// The cytoscape.js side of `cargo xtask bench-ui`: draws the graph TraceLab's
// #/bench route exported (same positions, colours, widths, labels, shapes) with
// cytoscape's default canvas renderer, and replays the same camera path frame by
// frame from requestAnimationFrame. Frames per second are counted the same way on
// both sides: time between rAF callbacks, after the same warm-up.

/* global cytoscape */
const MIN_SCALE = 0.05;
const MAX_SCALE = 4.0;
const WARMUP = 10;

window.runCytoscape = (graph) =>
  new Promise((resolve) => {
    const elements = [];
    graph.nodes.forEach(([x, y, group, account, label], i) => {
      elements.push({
        group: 'nodes',
        data: { id: `n${i}`, colour: graph.colours[group], label: label ?? '' },
        position: { x, y },
        classes: account ? 'account' : '',
      });
    });
    graph.edges.forEach(([a, b, width, label], i) => {
      elements.push({ group: 'edges', data: { id: `e${i}`, source: `n${a}`, target: `n${b}`, width, label } });
    });
    const built = performance.now();
    const cy = cytoscape({
      container: document.getElementById('cy'),
      elements,
      layout: { name: 'preset' },
      style: [
        {
          selector: 'node',
          style: {
            width: 32, height: 32, 'background-color': 'data(colour)', 'border-width': 1.5,
            'border-color': '#1b1f24', label: 'data(label)', 'font-size': 12,
            'text-valign': 'bottom', 'min-zoomed-font-size': 8,
          },
        },
        { selector: 'node.account', style: { shape: 'round-rectangle' } },
        {
          selector: 'edge',
          style: {
            width: 'data(width)', 'line-color': graph.edge_colour, 'curve-style': 'bezier',
            'target-arrow-shape': 'triangle', 'target-arrow-color': graph.edge_colour,
            label: 'data(label)', 'font-size': 12, 'min-zoomed-font-size': 8,
          },
        },
      ],
    });
    const setupMs = performance.now() - built;
    // TraceLab's camera: screen = (world - origin) * scale; cytoscape's: world * zoom + pan.
    let [ox, oy, scale] = graph.view;
    const w = cy.width();
    const h = cy.height();
    const apply = () => cy.viewport({ zoom: scale, pan: { x: -ox * scale, y: -oy * scale } });
    const zoomAt = (factor, sx, sy) => {
      const wx = sx / scale + ox;
      const wy = sy / scale + oy;
      scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
      ox = wx - sx / scale;
      oy = wy - sy / scale;
    };
    apply();
    const stamps = [];
    const frame = (t) => {
      const f = stamps.length;
      zoomAt(f < graph.frames / 2 ? graph.zoom_step : 1 / graph.zoom_step, w / 2, h / 2);
      ox -= graph.pan_step[0] / scale;
      oy -= graph.pan_step[1] / scale;
      apply();
      stamps.push(t);
      if (stamps.length < graph.frames) {
        requestAnimationFrame(frame);
      } else {
        const measured = stamps.slice(WARMUP);
        const fps = ((measured.length - 1) * 1000) / (measured[measured.length - 1] - measured[0]);
        resolve({ fps, setup_ms: setupMs, frames: stamps.length });
      }
    };
    requestAnimationFrame(frame);
  });

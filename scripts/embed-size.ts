/** Prints the size of /embed/v1.js as served: minified, and gzipped (what crosses the wire). */
import { widgetScript } from '../hub/embed/build.ts';

const widget = await widgetScript();
console.log(`/embed/v1.js  minified ${widget.js.length} B  gzip ${widget.gzip.length} B`);

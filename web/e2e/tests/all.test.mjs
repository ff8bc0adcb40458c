// Every browser test file in one process, so they share one platform (Platform.acquire): starting the packaged
// stack is the slowest part of these tests. Run one file alone with `node --test tests/<file>.test.mjs`.
import './platform.test.mjs';
import './socketio.test.mjs';

import { createServer } from 'node:http';

/**
 * The ceiling: the least a Node HTTP server can do per request on this machine. It reads
 * the whole body and answers a fixed JSON the size of a Define-a-Profile answer, the way
 * opendep answers (keep-alive, content-type, content-length). Run as its own process.
 */
const BODY = Buffer.from(JSON.stringify({ profile_uuid: 'F'.repeat(32), devices: {} }));
const port = Number(process.argv[2] ?? 0);

const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': BODY.length,
    });
    response.end(BODY);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));

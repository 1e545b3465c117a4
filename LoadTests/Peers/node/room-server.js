// Room-path peer on Node.js `ws` (Debian's node-ws): GET /r/ROOM upgrades to WebSocket, and
// every text message a member sends goes to the room's other members (never echoed).
// Usage: NODE_PATH=/usr/share/nodejs node room-server.js PORT   (0: any free port)
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const rooms = new Map(); // room name -> Set of sockets
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
  if (!req.url.startsWith('/r/') || req.url.length <= 3) { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const name = req.url.slice(3);
    if (!rooms.has(name)) rooms.set(name, new Set());
    const members = rooms.get(name);
    members.add(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      for (const member of members) {
        if (member !== ws && member.readyState === WebSocket.OPEN) member.send(data, { binary: false });
      }
    });
    ws.on('close', () => { members.delete(ws); if (members.size === 0) rooms.delete(name); });
  });
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`Node ws room server listening on http://127.0.0.1:${server.address().port}/`);
});

// Preloaded into a child process: any attempt to reach the network fails loudly, so a command that
// succeeds under it provably used no network.
const net = require('node:net');
const dns = require('node:dns');
const refuse = () => { throw new Error('network access attempted'); };
net.Socket.prototype.connect = refuse;
net.connect = refuse;
net.createConnection = refuse;
dns.lookup = refuse;
dns.promises.lookup = refuse;
globalThis.fetch = refuse;

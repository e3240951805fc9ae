/**
 * Fan-out client worker (see setUpFanout): holds whole rooms, makes their edits and times their
 * deliveries in this one process, and returns the raw latencies over IPC.
 */
import { setUpLocalRooms, type FanoutReply, type FanoutRequest } from './fanout.ts';

process.setMaxListeners(0);
let rig: Awaited<ReturnType<typeof setUpLocalRooms>> | null = null;
const reply = (m: FanoutReply) => process.send!(m);

process.on('message', (req: FanoutRequest) => {
  const run = async () => {
    if (req.type === 'setup') {
      rig = await setUpLocalRooms(req.protocol, req.syncUrl, req.rooms, req.clients);
      reply({ type: 'ready' });
    } else if (req.type === 'measure') {
      if (!rig) throw new Error('measure before setup');
      reply({ type: 'measured', ...(await rig.measure(req.ratePerRoom, req.seconds, req.warmup)) });
    } else {
      rig?.close();
      process.exit(0);
    }
  };
  run().catch((err: unknown) => reply({ type: 'error', message: String(err) }));
});
process.send!({ type: 'hello' });

import 'reflect-metadata';
import { startApi } from './app.js';
import { loadConfig } from './config.js';
import { Binding } from './devices/binding.entity.js';
const api = await startApi(loadConfig({ DATA_DIR: '/tmp/t8', BRIDGE: '0', BRIDGE_SECRET: 'x'.repeat(40), SECRET_KEY: 'y'.repeat(40), PORT: '0', LOG_LEVEL: 'silent' }));
const time = async (label: string, f: () => Promise<unknown> | unknown) => { await f(); const s = performance.now(); for (let i = 0; i < 20; i++) await f(); console.log(label, ((performance.now() - s) / 20).toFixed(3), 'ms'); };
await time('fork', () => api.orm.em.fork());
const em = api.orm.em.fork();
await time('find same fork', () => em.find(Binding, { account: 1 }));
await time('qb execute', () => api.orm.em.fork().createQueryBuilder(Binding).where({ account: 1 }).execute());
await time('connection.execute', () => api.orm.em.fork().getConnection().execute('select * from binding where account_id = ?', [1]));
const { performance: p } = await import('node:perf_hooks');
// where does time go? cpu profile a batch
const s = p.now(); for (let i = 0; i < 50; i++) await api.orm.em.fork().find(Binding, { account: 1 }); console.log('50 finds', (p.now() - s).toFixed(1));
await api.close();

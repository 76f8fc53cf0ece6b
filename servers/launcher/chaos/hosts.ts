import type { ChaosCluster } from './cluster';
export function hostsCluster(_chats: number): Promise<ChaosCluster> {
  return Promise.reject(new Error('not yet'));
}

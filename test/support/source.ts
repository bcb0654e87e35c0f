import { Agent, request } from 'node:http';

/**
 * HTTP from a chosen loopback address: every address in 127.0.0.0/8 is this machine, so tests
 * can be several sources (a flooder, a reporter, a stranger) as a node on the internet sees them.
 */
export interface SourceResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => { error: { code: string; message: string } } & Record<string, unknown>;
}

const agents = new Map<string, Agent>();

/** One kept-alive connection pool per local address, as a browser keeps one to a site. */
export function agentFor(from: string): Agent {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, localAddress: from });
    agents.set(from, agent);
  }
  return agent;
}

/** Close every kept-alive connection (call in afterAll). */
export function closeSourceAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function requestFrom(
  url: string,
  from: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<SourceResponse> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        agent: agentFor(from),
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

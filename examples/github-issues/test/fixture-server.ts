/**
 * A small GitHub-style API on loopback, from the kernel's fixture server: seeded issues and comments
 * in two repositories, `since` filtering, sorting by `updated_at`, `Link` header pagination, bearer-token
 * auth and rate-limit headers (with an optional exhausted limit).
 */
import { type FixtureReply, type FixtureRequest, type FixtureServer, linkHeader, pageByNumber, startFixtureServer } from "@calabi/kernel/testing";

export const TOKEN = "ghp_fixture_token_123";
export const REPOSITORIES = ["acme/widgets", "acme/gadgets"];
/** The fixture's "now": every record is older. */
export const NOW = Date.UTC(2026, 5, 1);

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export interface Issue {
  id: number;
  number: number;
  title: string;
  state: string;
  user: { id: number; login: string };
  labels: { name: string }[];
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  body: string;
  pull_request?: { url: string };
  repository_url: string;
}

export interface Comment {
  id: number;
  issue_url: string;
  user: { id: number; login: string };
  body: string;
  created_at: string;
  updated_at: string;
}

/**
 * Seeded data: `issues[repo]` issues per repository, updated every ~7 h from 2025-09-01 (every
 * tenth pair shares a second, as busy repositories do); every third issue has two comments.
 */
export function seed(counts: Record<string, number> = { "acme/widgets": 130, "acme/gadgets": 45 }) {
  const issues = new Map<string, Issue[]>();
  const comments = new Map<string, Comment[]>();
  let id = 1000;
  for (const [r, repo] of REPOSITORIES.entries()) {
    const list: Issue[] = [];
    const notes: Comment[] = [];
    for (let n = 1; n <= (counts[repo] ?? 0); n++) {
      // Every tenth issue was updated in the same second as the one before it.
      const updated = Date.UTC(2025, 8, 1) + ((n - (n % 10 === 0 ? 1 : 0)) * 7 + r + 1) * 3_600_000;
      const created = updated - 3_600_000;
      const issue: Issue = {
        id: ++id,
        number: n,
        title: `${repo} issue ${n}`,
        state: n % 4 === 0 ? "closed" : "open",
        user: { id: 1 + (n % 5), login: `user${1 + (n % 5)}` },
        labels: n % 3 === 0 ? [{ name: "bug" }] : [],
        comments: n % 3 === 0 ? 2 : 0,
        created_at: iso(created),
        updated_at: iso(updated),
        closed_at: n % 4 === 0 ? iso(updated) : null,
        body: `Body of ${n}`,
        ...(n % 7 === 0 ? { pull_request: { url: `https://api.github.test/repos/${repo}/pulls/${n}` } } : {}),
        repository_url: `https://api.github.test/repos/${repo}`,
      };
      list.push(issue);
      if (n % 3 === 0) {
        for (const k of [1, 2]) {
          notes.push({
            id: ++id,
            issue_url: `https://api.github.test/repos/${repo}/issues/${n}`,
            user: { id: k, login: `user${k}` },
            body: `Comment ${k} on ${n}`,
            created_at: iso(created + k * 600_000),
            updated_at: iso(created + k * 600_000 + 60_000),
          });
        }
      }
    }
    issues.set(repo, list);
    comments.set(repo, notes);
  }
  return { issues, comments };
}

export interface GithubFixture {
  url: string;
  server: FixtureServer;
  data: ReturnType<typeof seed>;
  /** Called after each issues page is served (to change the data while a sync pages through it). */
  onIssuesPage?: (repo: string, page: number) => void;
  /** Makes the next `n` list requests answer 403 with an exhausted rate limit resetting at `resetAt` (unix seconds). */
  exhaust(n: number, resetAt: number): void;
  close(): Promise<void>;
}

/** From `since` on (inclusive), as GitHub's `sort=updated&direction=desc|asc&since=`. */
function listing<T extends { id: number; updated_at: string }>(items: T[], req: FixtureRequest): FixtureReply {
  const since = req.query.get("since");
  const direction = req.query.get("direction");
  if (req.query.get("sort") !== "updated" || (direction !== "asc" && direction !== "desc")) throw new Error("the fixture serves only sort=updated&direction=asc|desc");
  const order = direction === "asc" ? 1 : -1;
  const kept = items
    .filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since))
    .sort((a, b) => order * (a.updated_at.localeCompare(b.updated_at) || a.id - b.id));
  const page = pageByNumber(kept, req, { defaultSize: 30, maxSize: 100 });
  return { body: page.records, headers: { link: page.next ? linkHeader({ next: page.next, last: page.last }) : undefined } };
}

export async function startGithubFixture(counts?: Record<string, number>): Promise<GithubFixture> {
  const data = seed(counts);
  let remaining = 5000;
  let exhausted = 0;
  let exhaustedReset = 0;
  const limits = (): Record<string, string> => ({
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": String(Math.max(0, --remaining)),
    "x-ratelimit-reset": String(Math.floor(NOW / 1000) + 3600),
  });
  const withLimits = (handler: (req: FixtureRequest, repo: string) => FixtureReply) => (req: FixtureRequest): FixtureReply => {
    const repo = `${req.params.owner}/${req.params.repo}`;
    if (!data.issues.has(repo)) return { status: 404, body: { message: "Not Found" } };
    if (exhausted > 0) {
      exhausted--;
      return { status: 403, body: { message: "API rate limit exceeded" }, headers: { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(exhaustedReset) } };
    }
    const reply = handler(req, repo);
    return { ...reply, headers: { ...limits(), ...reply.headers } };
  };
  const server = await startFixtureServer(
    {
      "GET /repos/:owner/:repo": withLimits((_req, repo) => ({ body: { full_name: repo, has_issues: true } })),
      "GET /repos/:owner/:repo/issues": withLimits((req, repo) => {
        const reply = listing(data.issues.get(repo)!, req);
        fixture.onIssuesPage?.(repo, Number(req.query.get("page") ?? 1));
        return reply;
      }),
      "GET /repos/:owner/:repo/issues/comments": withLimits((req, repo) => listing(data.comments.get(repo)!, req)),
    },
    { authorize: (req) => (req.headers.authorization === `Bearer ${TOKEN}` ? undefined : { status: 401, body: { message: "Bad credentials" } }) },
  );
  const fixture: GithubFixture = {
    url: server.url,
    server,
    data,
    exhaust(n, resetAt) {
      exhausted = n;
      exhaustedReset = resetAt;
    },
    close: () => server.close(),
  };
  return fixture;
}

/** The raw config of a connection to the fixture. */
export const configFor = (fixture: { url: string }, extra: Record<string, unknown> = {}) => ({
  token: TOKEN,
  repositories: REPOSITORIES,
  start_date: "2025-01-01T00:00:00Z",
  api_url: fixture.url,
  ...extra,
});

/** Word lists the generators draw from. Plain data, no logic. */

export const FIRST_NAMES = [
  "Amber", "Sarah", "Liam", "Noah", "Olivia", "Emma", "Ava", "Sophia", "Mia", "Lucas", "Mateo", "Ethan",
  "Chloe", "Hugo", "Léa", "Jonas", "Sofia", "Yuki", "Aarav", "Priya", "Chen", "Fatima", "Omar", "Ingrid",
  "Diego", "Camila", "Kwame", "Amara", "Nina", "Pablo", "Zoe", "Ravi", "Hana", "Ivan", "Elena", "Tomás",
];
export const LAST_NAMES = [
  "Blanchard", "Fitzpatrick", "Nguyen", "Smith", "Garcia", "Müller", "Rossi", "Dubois", "Kowalski",
  "Tanaka", "Patel", "Okafor", "Johansson", "Silva", "Haddad", "Novak", "Kim", "Larsen", "Moreau",
  "Schmidt", "Costa", "Ivanova", "Mensah", "O'Brien", "Ferreira", "Yamamoto", "Singh", "Cohen",
];
export const COMPANY_WORDS = [
  "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent",
  "Cyberdyne", "Aperture", "Wonka", "Gringotts", "Oscorp", "Pied Piper", "Monarch", "Dunder", "Massive",
  "Nakatomi", "Virtucon", "Zorg", "Blue Sun", "Black Mesa", "Octan", "Ollivander",
];
export const COMPANY_SUFFIXES = ["Inc", "GmbH", "Ltd", "SA", "LLC", "Group", "Labs", "Corp", "AB", "BV"];

export const TIME_ZONES: readonly (readonly [string, string])[] = [
  ["Eastern Time (US & Canada)", "America/New_York"],
  ["Pacific Time (US & Canada)", "America/Los_Angeles"],
  ["Central Time (US & Canada)", "America/Chicago"],
  ["London", "Europe/London"],
  ["Paris", "Europe/Paris"],
  ["Berlin", "Europe/Berlin"],
  ["Tokyo", "Asia/Tokyo"],
  ["Sydney", "Australia/Sydney"],
  ["Mumbai", "Asia/Kolkata"],
  ["Brasilia", "America/Sao_Paulo"],
];

export const LOCALES: readonly (readonly [string, number, number])[] = [
  // [locale, locale_id, weight]
  ["en-US", 1, 70],
  ["fr", 16, 8],
  ["de", 8, 8],
  ["es", 2, 7],
  ["ja", 67, 4],
  ["pt-br", 19, 3],
];

export const PRODUCTS = ["dashboard", "mobile app", "billing portal", "API", "reports", "integrations", "SSO", "exports"];
export const PROBLEMS = [
  "Cannot log in to the {p}",
  "Error 500 when opening the {p}",
  "Refund request for order #{n}",
  "How do I configure the {p}?",
  "The {p} is very slow today",
  "Invoice {n} shows the wrong amount",
  "Feature request: dark mode for the {p}",
  "Password reset email never arrives",
  "Data missing from the {p} since yesterday",
  "Question about upgrading our plan",
  "Webhook deliveries failing for the {p}",
  "Cancel my subscription",
];
export const SENTENCES = [
  "Hi team, we noticed this issue this morning.",
  "It started after the last update.",
  "Could you please take a look as soon as possible?",
  "Several people in our team are affected.",
  "I have attached a screenshot of the error.",
  "We already tried clearing the cache and logging in again.",
  "Thanks in advance for your help.",
  "This is blocking our month-end close.",
  "Let me know if you need more details.",
];

export const TAG_WORDS = [
  "billing", "refund", "login", "bug", "feature_request", "vip", "urgent", "mobile", "api", "sso",
  "invoice", "churn_risk", "onboarding", "enterprise", "trial", "escalated", "how_to", "outage",
  "performance", "export", "integration", "password", "upgrade", "downgrade", "cancellation",
  "webhook", "reports", "dashboard", "security", "gdpr",
];

export const GROUP_NAMES = [
  "Support", "Billing", "Tier 2", "Escalations", "Onboarding", "Technical Account Managers", "Sales",
  "Security", "Partners", "EMEA Support", "APAC Support", "Americas Support", "Returns", "VIP",
];

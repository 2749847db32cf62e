-- The knowledge store's schema (src/store/sqlite_knowledge.cpp). Safe to run on every open: it
-- only creates what is missing. Amounts are REAL in the order's currency, dates ISO 8601 text.
-- Column meanings: data/crm/README.md.

CREATE TABLE IF NOT EXISTS customers (
  id             TEXT PRIMARY KEY,          -- "C1007"
  name           TEXT NOT NULL,             -- full name as the caller gives it
  phone          TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  postcode       TEXT NOT NULL DEFAULT '',
  customer_since INTEGER NOT NULL DEFAULT 0,  -- year
  tier           TEXT NOT NULL DEFAULT 'standard',
  account_number TEXT NOT NULL UNIQUE CHECK (length(account_number) = 8)
);
CREATE INDEX IF NOT EXISTS customers_by_name ON customers (name COLLATE NOCASE);

CREATE TABLE IF NOT EXISTS orders (
  id          TEXT PRIMARY KEY CHECK (length(id) = 6),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  product     TEXT NOT NULL,
  amount      REAL NOT NULL DEFAULT 0,
  currency    TEXT NOT NULL DEFAULT 'GBP',
  placed      TEXT NOT NULL,                -- ISO date
  status      TEXT NOT NULL CHECK (status IN ('processing', 'shipped', 'delayed', 'lost',
                                              'delivered', 'damaged', 'returned')),
  carrier     TEXT NOT NULL DEFAULT '',
  eta         TEXT NOT NULL DEFAULT '',     -- ISO date, empty when unknown
  note        TEXT NOT NULL DEFAULT ''      -- what the carrier or warehouse last said
);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, placed);

CREATE TABLE IF NOT EXISTS contacts (
  id          INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  order_id    TEXT REFERENCES orders (id),  -- the order it was about, NULL when none
  date        TEXT NOT NULL,                -- ISO date
  channel     TEXT NOT NULL CHECK (channel IN ('phone', 'chat', 'email')),
  summary     TEXT NOT NULL,
  outcome     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS contacts_by_customer ON contacts (customer_id, date);

CREATE TABLE IF NOT EXISTS complaints (
  id          INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  order_id    TEXT REFERENCES orders (id),
  date        TEXT NOT NULL,
  subject     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'resolved'))
);
CREATE INDEX IF NOT EXISTS complaints_by_customer ON complaints (customer_id, date);

CREATE TABLE IF NOT EXISTS policies (
  id      TEXT PRIMARY KEY,  -- a situation: "late_delivery", "lost", ..., "any"
  title   TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS policy_limits (
  id         INTEGER PRIMARY KEY,
  situation  TEXT NOT NULL REFERENCES policies (id),
  remedy     TEXT NOT NULL,              -- "refund", "replacement", "credit", ...
  max_amount REAL NOT NULL DEFAULT 0,    -- the agent's own authority; 0: no amount applies
  approver   TEXT NOT NULL DEFAULT '',   -- who may go beyond it
  wording    TEXT NOT NULL               -- how to offer it to a caller
);
CREATE INDEX IF NOT EXISTS limits_by_situation ON policy_limits (situation);

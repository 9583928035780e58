-- Red flags of a purchaser read every tender of that purchaser and every bid of its opened
-- tenders. Through tenders, bids and bid_versions those rows lie scattered over the whole file
-- (one table page and one version page per bid, in the order bids arrived), so a purchaser's
-- ~100 tenders and ~700 bids cost ~1,400 page reads that grow with the database
-- (docs/performance.md, "Red flags of a purchaser, round 3"). Two structures keep them together:

-- A tender's outline in an index: the columns the flags read, in purchaser and id order.
-- SQLite maintains it with the table.
CREATE INDEX tenders_outline_by_purchaser ON tenders (
  purchaser_id, id, state, method, budget_ceiling_fen, deadline, published_at, opened_at, awarded_at,
  awarded_bid_id, single_source_justification);

-- A bid's outline (its latest version's price with the review columns), clustered by
-- purchaser and tender. A projection of bids and bid_versions, never written by the
-- application: the triggers below rewrite a bid's row in the same statement as any change to
-- bids or bid_versions, so it cannot disagree with them.
CREATE TABLE bid_outlines (
  purchaser_id      TEXT NOT NULL,
  tender_id         TEXT NOT NULL,
  bid_id            TEXT NOT NULL,
  supplier_id       TEXT NOT NULL,
  state             TEXT NOT NULL,
  qualified         INTEGER,
  abnormal_flagged  INTEGER NOT NULL,
  abnormal_accepted INTEGER,
  version           INTEGER NOT NULL,
  price_fen         INTEGER NOT NULL,
  PRIMARY KEY (purchaser_id, tender_id, bid_id)
) STRICT, WITHOUT ROWID;

-- The outline of one bid from the tables it projects; nothing until its version row exists
-- (a bid's row is inserted just before its first version).
CREATE VIEW bid_outline_source AS
  SELECT t.purchaser_id, b.tender_id, b.id AS bid_id, b.supplier_id, b.state, b.qualified, b.abnormal_flagged,
         b.abnormal_accepted, b.version, v.price_fen
  FROM bids AS b
  JOIN tenders AS t ON t.id = b.tender_id
  JOIN bid_versions AS v ON v.bid_id = b.id AND v.version = b.version;

INSERT INTO bid_outlines SELECT * FROM bid_outline_source;

CREATE TRIGGER bid_outline_after_bid_insert AFTER INSERT ON bids BEGIN
  INSERT OR REPLACE INTO bid_outlines SELECT * FROM bid_outline_source WHERE bid_id = NEW.id;
END;
CREATE TRIGGER bid_outline_after_bid_update AFTER UPDATE ON bids BEGIN
  DELETE FROM bid_outlines WHERE (purchaser_id, tender_id, bid_id) =
    (SELECT purchaser_id, OLD.tender_id, OLD.id FROM tenders WHERE id = OLD.tender_id);
  INSERT OR REPLACE INTO bid_outlines SELECT * FROM bid_outline_source WHERE bid_id = NEW.id;
END;
CREATE TRIGGER bid_outline_after_bid_delete AFTER DELETE ON bids BEGIN
  DELETE FROM bid_outlines WHERE (purchaser_id, tender_id, bid_id) =
    (SELECT purchaser_id, OLD.tender_id, OLD.id FROM tenders WHERE id = OLD.tender_id);
END;
CREATE TRIGGER bid_outline_after_version_insert AFTER INSERT ON bid_versions BEGIN
  INSERT OR REPLACE INTO bid_outlines SELECT * FROM bid_outline_source WHERE bid_id = NEW.bid_id;
END;
CREATE TRIGGER bid_outline_after_version_update AFTER UPDATE ON bid_versions BEGIN
  DELETE FROM bid_outlines WHERE version = OLD.version AND (purchaser_id, tender_id, bid_id) =
    (SELECT t.purchaser_id, b.tender_id, b.id FROM bids AS b JOIN tenders AS t ON t.id = b.tender_id WHERE b.id = OLD.bid_id);
  INSERT OR REPLACE INTO bid_outlines SELECT * FROM bid_outline_source WHERE bid_id = NEW.bid_id;
END;
CREATE TRIGGER bid_outline_after_version_delete AFTER DELETE ON bid_versions BEGIN
  DELETE FROM bid_outlines WHERE version = OLD.version AND (purchaser_id, tender_id, bid_id) =
    (SELECT t.purchaser_id, b.tender_id, b.id FROM bids AS b JOIN tenders AS t ON t.id = b.tender_id WHERE b.id = OLD.bid_id);
END;
-- A tender never changes purchaser; should one, its bids' outlines move with it.
CREATE TRIGGER bid_outline_after_purchaser_change AFTER UPDATE OF purchaser_id ON tenders
  WHEN OLD.purchaser_id IS NOT NEW.purchaser_id BEGIN
  DELETE FROM bid_outlines WHERE purchaser_id = OLD.purchaser_id AND tender_id = OLD.id;
  INSERT INTO bid_outlines SELECT * FROM bid_outline_source WHERE tender_id = NEW.id;
END;

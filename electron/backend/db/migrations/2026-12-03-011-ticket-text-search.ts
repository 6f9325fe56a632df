// The dispatch list's search in a ticket's destination and note: a full-text index of trigrams
// (FTS5, external content: it stores the index, not the text again), kept by triggers, so a
// search of three or more characters looks its tickets up instead of reading ten years of them.
// Shorter terms cannot use trigrams; repository.ts reads the text for those.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE dispatch_ticket_text USING fts5(destination, purpose_note, content='dispatch_tickets', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`CREATE TRIGGER dispatch_ticket_text_insert AFTER INSERT ON dispatch_tickets BEGIN
    INSERT INTO dispatch_ticket_text (rowid, destination, purpose_note) VALUES (new.id, new.destination, new.purpose_note);
  END`.execute(db);
  await sql`CREATE TRIGGER dispatch_ticket_text_update AFTER UPDATE OF destination, purpose_note ON dispatch_tickets BEGIN
    INSERT INTO dispatch_ticket_text (dispatch_ticket_text, rowid, destination, purpose_note) VALUES ('delete', old.id, old.destination, old.purpose_note);
    INSERT INTO dispatch_ticket_text (rowid, destination, purpose_note) VALUES (new.id, new.destination, new.purpose_note);
  END`.execute(db);
  await sql`CREATE TRIGGER dispatch_ticket_text_delete AFTER DELETE ON dispatch_tickets BEGIN
    INSERT INTO dispatch_ticket_text (dispatch_ticket_text, rowid, destination, purpose_note) VALUES ('delete', old.id, old.destination, old.purpose_note);
  END`.execute(db);
  // the tickets already there
  await sql`INSERT INTO dispatch_ticket_text (dispatch_ticket_text) VALUES ('rebuild')`.execute(db);
}

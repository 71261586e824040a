-- A review comment may carry a key its device chose, as a ballot does: a
-- phone that sent a comment and lost the answer (the server restarted,
-- the network dropped) sends it again with the same key, and the server
-- answers with the comment it already has instead of storing a second one.
-- +goose Up
ALTER TABLE review_comments ADD COLUMN client_key TEXT;
-- NULL keys (comments sent without one) never collide.
CREATE UNIQUE INDEX review_comments_key ON review_comments(round_id, author_id, client_key);

-- +goose Down
DROP INDEX review_comments_key;
ALTER TABLE review_comments DROP COLUMN client_key;

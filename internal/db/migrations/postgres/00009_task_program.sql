-- A task carries out an entry of a work program (toàn khóa, năm, tháng).
-- +goose Up
ALTER TABLE tasks ADD COLUMN program_entry_id BIGINT REFERENCES program_entries(id);

-- +goose Down
ALTER TABLE tasks DROP COLUMN program_entry_id;

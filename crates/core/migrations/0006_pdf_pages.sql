-- Where the reader left each paper's PDF: the page shown at the top of the
-- app's viewer. Kept when the PDF is deleted, so a paper fetched again opens
-- where it was left; gone with the paper.
CREATE TABLE pdf_pages (
    paper_id   INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    -- 1-based.
    page       INTEGER NOT NULL CHECK (page >= 1),
    updated_at TEXT NOT NULL
);

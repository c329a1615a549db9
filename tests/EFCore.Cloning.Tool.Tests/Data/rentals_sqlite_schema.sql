-- The rentals sample for SQLite (rentals_schema.sql is the PostgreSQL one): the same tables, in what SQLite has.
-- Text for PostgreSQL's enum, range, array and jsonb values (in PostgreSQL's text forms, so that a copy into the
-- PostgreSQL sample casts them), a generated column, CURRENT_TIMESTAMP defaults, a trigger and a view.
-- Its rows are in rentals_sqlite_data.sql.

CREATE TABLE language (
    language_id INTEGER PRIMARY KEY,
    name CHARACTER(20) NOT NULL,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE actor (
    actor_id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE category (
    category_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE film (
    film_id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT,
    release_year INTEGER,
    language_id INTEGER NOT NULL REFERENCES language (language_id),
    rental_duration SMALLINT NOT NULL DEFAULT 3,
    rental_rate NUMERIC(4,2) NOT NULL DEFAULT 4.99,
    length SMALLINT,
    rating TEXT DEFAULT 'G' CHECK (rating IN ('G', 'PG', 'PG-13', 'R', 'NC-17')),
    special_features TEXT,
    fulltext TEXT GENERATED ALWAYS AS (lower(title || ' ' || coalesce(description, ''))) STORED,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE film_award (
    award_id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
    position SMALLINT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT film_award_position UNIQUE (film_id, position));

CREATE TABLE film_actor (
    actor_id INTEGER NOT NULL REFERENCES actor (actor_id),
    film_id INTEGER NOT NULL REFERENCES film (film_id),
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (actor_id, film_id));

CREATE TABLE film_category (
    film_id INTEGER NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES category (category_id) ON DELETE CASCADE,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (film_id, category_id));

CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY,
    store_id SMALLINT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    activebool BOOLEAN NOT NULL DEFAULT 1,
    create_date DATE NOT NULL DEFAULT CURRENT_DATE,
    preferences TEXT,
    last_update TEXT DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE customer_note (
    note_id INTEGER PRIMARY KEY,
    customer_ref INTEGER NOT NULL,
    body TEXT NOT NULL);

CREATE TABLE inventory (
    inventory_id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film (film_id),
    store_id SMALLINT NOT NULL,
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE rental (
    rental_id INTEGER PRIMARY KEY,
    rental_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    rental_period TEXT NOT NULL,
    inventory_id INTEGER NOT NULL REFERENCES inventory (inventory_id),
    customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    staff_id INTEGER NOT NULL REFERENCES staff (staff_id),
    last_update TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);

CREATE TABLE payment (
    payment_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    staff_id INTEGER NOT NULL REFERENCES staff (staff_id),
    rental_id INTEGER REFERENCES rental (rental_id) ON DELETE SET NULL,
    amount NUMERIC(5,2) NOT NULL,
    payment_date TEXT NOT NULL);

CREATE TRIGGER customer_updated AFTER UPDATE ON customer FOR EACH ROW
BEGIN
    UPDATE customer SET last_update = CURRENT_TIMESTAMP WHERE customer_id = NEW.customer_id;
END;

CREATE VIEW customer_list AS
    SELECT c.customer_id AS id, c.first_name || ' ' || c.last_name AS name, c.email, count(r.rental_id) AS rentals
    FROM customer c LEFT JOIN rental r ON r.customer_id = c.customer_id GROUP BY c.customer_id;

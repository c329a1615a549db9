-- A Pagila-shaped video-rental schema, written for efclone's tests (no third-party data): what real dumps ship.
-- Sequences NOT owned by their columns (DEFAULT nextval('...') without OWNED BY), an enum, a domain, a partitioned
-- table whose parent has no primary key (partitions with and without one), tsrange, text[], jsonb, tsvector generated
-- columns, triggers, a view and now() defaults. Its rows are in rentals_data.sql.

CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN email_address AS text CONSTRAINT email_check CHECK (VALUE LIKE '%_@_%');

CREATE SEQUENCE language_language_id_seq;
CREATE SEQUENCE actor_actor_id_seq;
CREATE SEQUENCE category_category_id_seq;
CREATE SEQUENCE film_film_id_seq;
CREATE SEQUENCE staff_staff_id_seq;
CREATE SEQUENCE customer_customer_id_seq;
CREATE SEQUENCE inventory_inventory_id_seq;
CREATE SEQUENCE rental_rental_id_seq;
CREATE SEQUENCE payment_payment_id_seq;
CREATE SEQUENCE film_award_award_id_seq;

CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update = now();
    RETURN NEW;
END $$;

CREATE TABLE language (
    language_id integer DEFAULT nextval('language_language_id_seq') PRIMARY KEY,
    name character(20) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now());

CREATE TABLE actor (
    actor_id integer DEFAULT nextval('actor_actor_id_seq') PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now());

CREATE TABLE category (
    category_id integer DEFAULT nextval('category_category_id_seq') PRIMARY KEY,
    name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now());

CREATE TABLE film (
    film_id integer DEFAULT nextval('film_film_id_seq') PRIMARY KEY,
    title text NOT NULL,
    description text,
    release_year year,
    language_id integer NOT NULL REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_duration smallint NOT NULL DEFAULT 3,
    rental_rate numeric(4,2) NOT NULL DEFAULT 4.99,
    length smallint,
    rating mpaa_rating DEFAULT 'G',
    special_features text[],
    fulltext tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || coalesce(description, ''))) STORED,
    last_update timestamptz NOT NULL DEFAULT now());

-- A film's awards in order: unique per film and position, two integers, which no suffix can make unique.
CREATE TABLE film_award (
    award_id integer DEFAULT nextval('film_award_award_id_seq') PRIMARY KEY,
    film_id integer NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
    position smallint NOT NULL,
    name text NOT NULL,
    CONSTRAINT film_award_position UNIQUE (film_id, position));

CREATE TABLE film_actor (
    actor_id integer NOT NULL REFERENCES actor (actor_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    film_id integer NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, film_id));

CREATE TABLE film_category (
    film_id integer NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE CASCADE,
    category_id integer NOT NULL REFERENCES category (category_id) ON UPDATE CASCADE ON DELETE CASCADE,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (film_id, category_id));

CREATE TABLE staff (
    staff_id integer DEFAULT nextval('staff_staff_id_seq') PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email email_address,
    username citext NOT NULL UNIQUE,
    last_update timestamptz NOT NULL DEFAULT now());

CREATE TABLE customer (
    customer_id integer DEFAULT nextval('customer_customer_id_seq') PRIMARY KEY,
    store_id smallint NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email email_address,
    phone text,
    activebool boolean NOT NULL DEFAULT true,
    create_date date NOT NULL DEFAULT CURRENT_DATE,
    preferences jsonb,
    last_update timestamptz DEFAULT now());

CREATE TABLE inventory (
    inventory_id integer DEFAULT nextval('inventory_inventory_id_seq') PRIMARY KEY,
    film_id integer NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    store_id smallint NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now());

CREATE TABLE rental (
    rental_id integer DEFAULT nextval('rental_rental_id_seq') PRIMARY KEY,
    rental_date timestamptz NOT NULL DEFAULT now(),
    rental_period tsrange NOT NULL,
    inventory_id integer NOT NULL REFERENCES inventory (inventory_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    customer_id integer NOT NULL REFERENCES customer (customer_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    staff_id integer NOT NULL REFERENCES staff (staff_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamptz NOT NULL DEFAULT now());

-- Notes refer to their customer by a column the application knows and the schema does not declare.
CREATE TABLE customer_note (
    note_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_ref integer NOT NULL,
    body text NOT NULL);

-- The parent has no primary key; two partitions have one, the third has none.
CREATE TABLE payment (
    payment_id integer NOT NULL DEFAULT nextval('payment_payment_id_seq'),
    customer_id integer NOT NULL REFERENCES customer (customer_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    staff_id integer NOT NULL REFERENCES staff (staff_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_id integer REFERENCES rental (rental_id) ON UPDATE CASCADE ON DELETE SET NULL,
    amount numeric(5,2) NOT NULL,
    payment_date timestamptz NOT NULL) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2022_01 PARTITION OF payment (PRIMARY KEY (payment_id)) FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
CREATE TABLE payment_p2022_02 PARTITION OF payment (PRIMARY KEY (payment_id)) FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
CREATE TABLE payment_p2022_03 PARTITION OF payment FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00');

CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON rental FOR EACH ROW EXECUTE FUNCTION last_updated();

CREATE VIEW customer_list AS
    SELECT c.customer_id AS id, c.first_name || ' ' || c.last_name AS name, c.email, count(r.rental_id) AS rentals
    FROM customer c LEFT JOIN rental r ON r.customer_id = c.customer_id GROUP BY c.customer_id;

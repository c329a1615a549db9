-- The rentals sample's rows (rentals_schema.sql first): every value fixed (no now() in the data), so that a test can
-- tell a copied value from a fresh one.
INSERT INTO language (name, last_update) VALUES ('English', '2020-02-15 09:46:27'), ('Italian', '2020-02-15 09:46:27'),
    ('Japanese', '2020-02-15 09:46:27');
INSERT INTO actor (first_name, last_name, last_update)
    SELECT 'Actor' || g, 'Surname' || (g % 7), '2020-02-15 09:47:57+00' FROM generate_series(1, 20) g;
INSERT INTO category (name, last_update)
    SELECT (ARRAY['Action', 'Animation', 'Children', 'Classics', 'Comedy', 'Documentary'])[g], '2020-02-15 09:46:27+00' FROM generate_series(1, 6) g;
INSERT INTO film (title, description, release_year, language_id, rental_duration, rental_rate, length, rating, special_features, last_update)
    SELECT 'Film ' || g, 'A story of ' || g || ' things', 2000 + g % 20, 1 + g % 3, 3 + g % 5, 0.99 + (g % 3) * 2, 60 + g, 
        (ARRAY['G', 'PG', 'PG-13', 'R', 'NC-17'])[1 + g % 5]::mpaa_rating,
        CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY['Trailers', 'Deleted Scenes'] END, '2020-02-15 09:47:57+00'
    FROM generate_series(1, 50) g;
INSERT INTO film_award (film_id, position, name)
    SELECT f, p, (ARRAY['Best Picture', 'Best Score'])[p] FROM generate_series(1, 5) f, generate_series(1, 2) p;
INSERT INTO film_actor (actor_id, film_id, last_update)
    SELECT 1 + (f + k) % 20, f, '2020-02-15 09:47:57+00' FROM generate_series(1, 50) f, generate_series(0, 2) k;
INSERT INTO film_category (film_id, category_id, last_update)
    SELECT f, 1 + f % 6, '2020-02-15 09:47:57+00' FROM generate_series(1, 50) f;
INSERT INTO staff (first_name, last_name, email, username, last_update) VALUES
    ('Mike', 'Hillyer', 'mike.hillyer@example.com', 'mike', '2020-02-15 09:57:16+00'),
    ('Jon', 'Stephens', 'jon.stephens@example.com', 'jon', '2020-02-15 09:57:16+00');
INSERT INTO customer (store_id, first_name, last_name, email, phone, activebool, create_date, preferences, last_update)
    SELECT 1 + g % 2, 'First' || g, 'Last' || g, 'customer' || g || '@example.com', '+1-555-01' || lpad(g::text, 2, '0'),
        g % 10 <> 0, DATE '2020-02-14', jsonb_build_object('newsletter', g % 2 = 0, 'genres', jsonb_build_array('Action', 'Comedy')),
        '2020-02-15 09:57:20+00'
    FROM generate_series(1, 10) g;
INSERT INTO inventory (film_id, store_id, last_update)
    SELECT 1 + g % 50, 1 + g % 2, '2020-02-15 10:09:17+00' FROM generate_series(1, 100) g;
INSERT INTO customer_note (customer_ref, body) SELECT 1 + g % 10, 'Called about order ' || g FROM generate_series(1, 30) g;
-- 12 rentals per customer.
INSERT INTO rental (rental_date, rental_period, inventory_id, customer_id, staff_id, last_update)
    SELECT TIMESTAMPTZ '2022-01-01 10:00:00+00' + (g * interval '7 hours'),
        tsrange(TIMESTAMP '2022-01-01 10:00:00' + (g * interval '7 hours'), TIMESTAMP '2022-01-04 10:00:00' + (g * interval '7 hours')),
        1 + g % 100, 1 + g % 10, 1 + g % 2, '2022-04-01 00:00:00+00'
    FROM generate_series(1, 120) g;
-- One payment per rental, spread over the three partitions.
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
    SELECT r.customer_id, r.staff_id, r.rental_id, 0.99 + (r.rental_id % 5), TIMESTAMPTZ '2022-01-01 00:00:00+00' + (r.rental_id * interval '17 hours')
    FROM rental r ORDER BY r.rental_id;

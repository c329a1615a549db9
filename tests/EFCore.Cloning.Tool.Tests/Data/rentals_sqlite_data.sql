-- The rentals sample's rows for SQLite (rentals_sqlite_schema.sql first), the same as rentals_data.sql's.
INSERT INTO language (name, last_update) VALUES ('English', '2020-02-15 09:46:27'), ('Italian', '2020-02-15 09:46:27'), ('Japanese', '2020-02-15 09:46:27');
INSERT INTO actor (first_name, last_name, last_update)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 20)
    SELECT 'Actor' || g, 'Surname' || (g % 7), '2020-02-15 09:47:57' FROM n;
INSERT INTO category (name, last_update) VALUES ('Action', '2020-02-15 09:46:27'), ('Animation', '2020-02-15 09:46:27'), ('Children', '2020-02-15 09:46:27'),
    ('Classics', '2020-02-15 09:46:27'), ('Comedy', '2020-02-15 09:46:27'), ('Documentary', '2020-02-15 09:46:27');
INSERT INTO film (title, description, release_year, language_id, rental_duration, rental_rate, length, rating, special_features, last_update)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 50)
    SELECT 'Film ' || g, 'A story of ' || g || ' things', 2000 + g % 20, 1 + g % 3, 3 + g % 5, 0.99 + (g % 3) * 2, 60 + g,
        CASE g % 5 WHEN 0 THEN 'G' WHEN 1 THEN 'PG' WHEN 2 THEN 'PG-13' WHEN 3 THEN 'R' ELSE 'NC-17' END,
        CASE WHEN g % 4 = 0 THEN NULL ELSE '{Trailers,"Deleted Scenes"}' END, '2020-02-15 09:47:57'
    FROM n;
INSERT INTO film_award (film_id, position, name)
    WITH RECURSIVE f(f) AS (SELECT 1 UNION ALL SELECT f + 1 FROM f WHERE f < 5)
    SELECT f, p, CASE p WHEN 1 THEN 'Best Picture' ELSE 'Best Score' END FROM f, (SELECT 1 AS p UNION ALL SELECT 2);
INSERT INTO film_actor (actor_id, film_id, last_update)
    WITH RECURSIVE f(f) AS (SELECT 1 UNION ALL SELECT f + 1 FROM f WHERE f < 50)
    SELECT 1 + (f + k) % 20, f, '2020-02-15 09:47:57' FROM f, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2);
INSERT INTO film_category (film_id, category_id, last_update)
    WITH RECURSIVE f(f) AS (SELECT 1 UNION ALL SELECT f + 1 FROM f WHERE f < 50)
    SELECT f, 1 + f % 6, '2020-02-15 09:47:57' FROM f;
INSERT INTO staff (first_name, last_name, email, username, last_update) VALUES
    ('Mike', 'Hillyer', 'mike.hillyer@example.com', 'mike', '2020-02-15 09:57:16'),
    ('Jon', 'Stephens', 'jon.stephens@example.com', 'jon', '2020-02-15 09:57:16');
INSERT INTO customer (store_id, first_name, last_name, email, phone, activebool, create_date, preferences, last_update)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 10)
    SELECT 1 + g % 2, 'First' || g, 'Last' || g, 'customer' || g || '@example.com', '+1-555-01' || substr('0' || g, -2), g % 10 <> 0, '2020-02-14',
        '{"newsletter": ' || CASE WHEN g % 2 = 0 THEN 'true' ELSE 'false' END || ', "genres": ["Action", "Comedy"]}', '2020-02-15 09:57:20'
    FROM n;
INSERT INTO customer_note (customer_ref, body)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 30)
    SELECT 1 + g % 10, 'Called about order ' || g FROM n;
INSERT INTO inventory (film_id, store_id, last_update)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 100)
    SELECT 1 + g % 50, 1 + g % 2, '2020-02-15 10:09:17' FROM n;
INSERT INTO rental (rental_date, rental_period, inventory_id, customer_id, staff_id, last_update)
    WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 120)
    SELECT datetime('2022-01-01 10:00:00', '+' || (g * 7) || ' hours'),
        '["' || datetime('2022-01-01 10:00:00', '+' || (g * 7) || ' hours') || '","' || datetime('2022-01-04 10:00:00', '+' || (g * 7) || ' hours') || '")',
        1 + g % 100, 1 + g % 10, 1 + g % 2, '2022-04-01 00:00:00'
    FROM n;
INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)
    SELECT customer_id, staff_id, rental_id, 0.99 + (rental_id % 5), datetime('2022-01-01 00:00:00', '+' || (rental_id * 17) || ' hours')
    FROM rental ORDER BY rental_id;

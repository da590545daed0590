-- The audit's counts, computed where the tickets already live (a warehouse, Spark, a
-- database), for exports too large to move. `servicefit audit sql --source FORMAT --dialect D`
-- writes this query for your export format and SQL dialect; this one is a commented example
-- for a Zendesk table. Adapt the three marked lines, run it, save the result as CSV and give it
-- to servicefit:
--
--   servicefit audit --aggregates counts.csv --text-sample texts.csv --timezone Europe/Berlin
--
-- Columns: channel (one of phone, email, chat, social, sms, in_person), local_date
-- (YYYY-MM-DD in the business's time zone), hour (0-23, local), contacts. Rows of the same
-- channel, date and hour may repeat (counts from several sources add up).
SELECT channel,
       CAST(created_local AS DATE)     AS local_date,
       EXTRACT(HOUR FROM created_local) AS hour,
       COUNT(*)                         AS contacts
FROM (
  SELECT CASE LOWER(via_channel)                                  -- 1. your channel column
           WHEN 'voice' THEN 'phone' WHEN 'chat' THEN 'chat' WHEN 'twitter' THEN 'social'
           WHEN 'sms' THEN 'sms' ELSE 'email' END                 --    and its values
         AS channel,
         created_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Berlin' -- 2. local time of creation
         AS created_local
  FROM tickets
  WHERE status <> 'deleted'                                       -- 3. rows to leave out
) AS t
GROUP BY 1, 2, 3;

-- The routine share needs ticket text: a uniform random sample of a few thousand, as CSV
-- with the columns id and text (subject and body), given with --text-sample:
--
-- SELECT id, subject || ' ' || description AS text FROM tickets
-- WHERE status <> 'deleted' ORDER BY RANDOM() LIMIT 20000;

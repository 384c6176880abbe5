-- The text Java gives a document value the JDBC store reads back (String.valueOf of what Jackson reads), which finds
-- compare filters with and sort by, as the in-memory store does. JSONB keeps numbers as decimals; Jackson reads those
-- with a fraction as doubles, and Java writes doubles below 10^-3 or from 10^7 up in scientific notation: 0.000010
-- reads back as 1.0E-5, 12345678.5 as 1.23456785E7. Other values are their JSONB text (strings unquoted, null NULL).
CREATE FUNCTION exp_java_scientific(number numeric) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    whole text := split_part(abs(number)::text, '.', 1);
    fraction text := split_part(abs(number)::text, '.', 2);
    digits text;
    exponent int;
BEGIN
    IF whole <> '0' THEN
        digits := whole || fraction;
        exponent := length(whole) - 1;
    ELSE
        digits := ltrim(fraction, '0');
        exponent := length(digits) - length(fraction) - 1;
    END IF;
    RETURN CASE WHEN number < 0 THEN '-' ELSE '' END || left(digits, 1) || '.'
        || COALESCE(NULLIF(substr(digits, 2), ''), '0') || 'E' || exponent;
END
$$;

CREATE FUNCTION exp_java_text(value jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN jsonb_typeof(value) <> 'number' OR strpos(value::text, '.') = 0 THEN value #>> '{}'
        WHEN value::numeric = 0 OR abs(value::numeric) >= 0.001 AND abs(value::numeric) < 10000000 THEN value::text
        ELSE exp_java_scientific(value::numeric)
    END;

"""Unit conversions (definitions, not assumptions: the sourced figures live in ``catalog/reference``)."""

TOKENS_PER_MILLION = 1e6  # prices are quoted per 1M tokens
FLOPS_PER_TFLOP = 1e12
BYTES_PER_GB = 1e9  # decimal gigabyte, as GPU and cloud prices use
BYTES_PER_TB = 1e12
PARAMS_PER_BILLION = 1e9
SECONDS_PER_HOUR = 3600.0
SECONDS_PER_MINUTE = 60.0
HOURS_PER_DAY = 24.0
MS_PER_SECOND = 1000.0
DAYS_PER_MONTH_AVG = 365.0 / 12.0  # calendar average, for "queries per day" limits

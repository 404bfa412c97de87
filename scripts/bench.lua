-- wrk reporter: one JSON line with throughput, latency percentiles (ms), errors, and the
-- latency histogram ([microseconds, count] pairs), so runs can be pooled exactly.
-- (wrk counts HTTP statuses of 400 and above in summary.errors.status.)
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    histogram[i] = string.format("[%d,%d]", value, count)
  end
  io.write(string.format(
    'BENCH {"rps": %.2f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "errors": %d, '
      .. '"histogram": [%s]}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors, table.concat(histogram, ",")))
end

-- wrk script: DynamoDB GetItem of the reference item straight at moto (the ceiling of the
-- /hello-on-moto rows: what one moto_server answers with no web app in front).
-- moto routes on the Authorization header's credential scope and never checks the signature,
-- so a well-formed header with a dummy signature is enough for this measurement.
wrk.method = "POST"
wrk.body = '{"TableName":"TwelveFactorApp","Key":{"Application":{"S":"TwelveFactorApp"}}}'
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.GetItem"
wrk.headers["X-Amz-Date"] = "20260101T000000Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK000001/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"

local failures = 0
response = function(status, headers, body)
    if status ~= 200 or not string.find(body, '"Item"', 1, true) then failures = failures + 1 end
end

done = function(summary, latency, requests)
    io.write(string.format("getitem-failures: %d\n", failures))
end

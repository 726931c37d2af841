package localstack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

type awsCLI struct {
	path     string
	endpoint string
	creds    credentials
	region   string
	dir      string
}

// run runs the aws CLI against the local endpoint with only the local
// credentials (no profile, config file or session token from the user's shell).
func (c awsCLI) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, c.path, append([]string{"--endpoint-url", c.endpoint, "--output", "json"}, args...)...)
	cmd.Env = awsEnv(c.creds, c.region, c.dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("aws %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// wireBuckets creates the buckets if needed and attaches the webhook to the
// input bucket under the input prefix.
func wireBuckets(ctx context.Context, cli awsCLI, cfg StackConfig) error {
	for _, b := range []string{cfg.InputBucket, cfg.ReportBucket} {
		if _, err := cli.run(ctx, "s3api", "head-bucket", "--bucket", b); err == nil {
			continue
		}
		if _, err := cli.run(ctx, "s3api", "create-bucket", "--bucket", b); err != nil {
			return err
		}
	}
	input := []string{webhookID}
	if cfg.ReportWebhook != "" {
		// The watcher sees uploads too, with MinIO's time of each PUT.
		input = append(input, reportWebhookID)
		if err := notify(ctx, cli, cfg.ReportBucket, cfg.ReportPrefix, reportWebhookID); err != nil {
			return err
		}
	}
	return notify(ctx, cli, cfg.InputBucket, cfg.InputPrefix, input...)
}

// notify sends s3:ObjectCreated:* events for keys under prefix in bucket to
// the MinIO webhook targets ids.
func notify(ctx context.Context, cli awsCLI, bucket, prefix string, ids ...string) error {
	type rule struct {
		Name  string
		Value string
	}
	var queues []any
	for _, id := range ids {
		queue := map[string]any{
			"Id":       "slant-" + strings.ToLower(id),
			"QueueArn": "arn:minio:sqs::" + id + ":webhook",
			"Events":   []string{"s3:ObjectCreated:*"},
		}
		if prefix != "" {
			queue["Filter"] = map[string]any{"Key": map[string]any{"FilterRules": []rule{{"prefix", prefix}}}}
		}
		queues = append(queues, queue)
	}
	conf, _ := json.Marshal(map[string]any{"QueueConfigurations": queues})
	_, err := cli.run(ctx, "s3api", "put-bucket-notification-configuration", "--bucket", bucket,
		"--notification-configuration", string(conf))
	return err
}

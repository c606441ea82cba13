-- the mock configuration test case an execution was started with (StartExecution on "arn#Case"),
-- kept so that its mocked tasks are still mocked after a restart; NULL for ordinary executions
ALTER TABLE execution ADD COLUMN mock_test_case TEXT;

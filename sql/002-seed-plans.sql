-- 002-seed-plans.sql: the default plans and the UTC calendar, from
-- shared/seed/aws-support-plans.md (SPEC §1). Targets in seconds.

INSERT INTO calendar_ver (id, tz, hours, holidays)
VALUES (1, 'UTC', 'mon-fri 08:00-18:00', '');

INSERT INTO plan (id, name, ver) VALUES
	(1, 'basic', 1),
	(2, 'developer', 2),
	(3, 'business', 3),
	(4, 'enterprise', 4);

INSERT INTO plan_ver (id, plan_id, categories, channels, created_at) VALUES
	(1, 1, 'account-billing',
	    'console,email,phone,chat', 0),
	(2, 2, 'account-billing,technical',
	    'console,email,phone,chat', 0),
	(3, 3, 'account-billing,technical,use-case-guidance,third-party',
	    'console,email,phone,chat,api', 0),
	(4, 4, 'account-billing,technical,use-case-guidance,third-party,'
	    || 'architecture,event-management',
	    'console,email,phone,chat,api', 0);

-- severity: 1 general, 2 system-impaired, 3 prod-impaired, 4 prod-down,
-- 5 business-critical. Basic allows none.
INSERT INTO plan_target (ver, severity, target_s, clock) VALUES
	(2, 1, 86400, 'business'),
	(2, 2, 43200, 'business'),
	(3, 1, 86400, '24x7'),
	(3, 2, 43200, '24x7'),
	(3, 3, 14400, '24x7'),
	(3, 4, 3600, '24x7'),
	(4, 1, 86400, '24x7'),
	(4, 2, 43200, '24x7'),
	(4, 3, 14400, '24x7'),
	(4, 4, 3600, '24x7'),
	(4, 5, 900, '24x7');

def seed_jobs(ctx): pass

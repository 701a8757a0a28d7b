"""绩效自评报告 drafting & review assistant."""

"""A renewal policy and one KooPhone subscription per phone whose name contains `nameContains`, in Python."""

import pulumi
import pulumi_koophone as koophone

config = pulumi.Config()

policy = koophone.RenewalPolicy(
    "standard",
    renewal_day=config.get_int("renewalDay") or 15,  # renewed phones expire on the 15th (23:59:59 UTC+8)
    period=koophone.PeriodArgs(unit="month", count=1),
    renew_before="P30D",  # at least 30 days must stay paid
    max_order_amount=500,  # CNY, per phone renewal
)

# The account's phones, listed by the plugin (getPhones); one subscription each, named after the phone.
phones = koophone.get_phones(name_contains=config.get("nameContains") or "shop-")
for phone_id in phones.ids:
    koophone.Subscription(f"phone-{phone_id}", phone_id=phone_id, policy=policy.defaults)

pulumi.export("phoneIds", phones.ids)

"""Donation datasets for auditors: receipts, disbursements, funds with balances, figures."""

from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.exports import (
    FORMULA_STARTS,
    ITERATOR_CHUNK,
    Export,
    choice_labels,
    mask_address,
    mask_name,
    mask_phone,
    neutralise,
    register,
)
from apps.core.models import District
from apps.core.periods import Period

from .models import (
    Disbursement,
    Donation,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Fund,
    OverseasBatch,
    Project,
    Purpose,
)
from .selectors import fund_balances, received_by_fund, received_by_year


@register
class DonationExport(Export):
    name = "donations"
    title = _("Donations")
    model = Donation
    columns = [
        ("receipt_number", _("receipt number")),
        ("received_on", _("received on")),
        ("donor", _("donor")),
        ("donor_kind", _("donor kind")),
        ("is_anonymous", _("anonymous")),
        ("donor_phone", _("donor phone")),
        ("donor_address", _("donor address")),
        ("kind", _("kind")),
        ("amount", _("amount (CNY)")),
        ("goods_description", _("goods description")),
        ("goods_quantity", _("quantity")),
        ("goods_unit", _("unit")),
        ("purpose", _("purpose")),
        ("fund", _("fund")),
        ("project", _("designated project")),
        ("overseas_batch", _("overseas batch")),
        ("status", _("status")),
        ("void_reason", _("reason for voiding")),
    ]
    personal_columns = frozenset({"donor", "donor_phone", "donor_address"})
    money_columns = frozenset({"amount"})

    # The biggest dataset: read as tuples, not model instances, and look choice labels
    # up once per export rather than once per cell (five times faster).
    FIELDS = (
        "receipt_number",
        "received_on",
        "donor__name",
        "donor__kind",
        "is_anonymous",
        "donor__phone",
        "donor__address",
        "donor__district__name",
        "kind",
        "amount",
        "goods_description",
        "goods_quantity",
        "goods_unit",
        "purpose",
        "fund__name",
        "project__name",
        "overseas_batch__reference",
        "status",
        "void_reason",
    )

    def iter_rows(self, queryset=None, *, mask=True):
        if queryset is None:
            queryset = self.get_queryset()
        donor_kinds = choice_labels(DonorKind)
        kinds, purposes = choice_labels(DonationKind), choice_labels(Purpose)
        statuses = choice_labels(DonationStatus)
        rows = (
            queryset.order_by("received_on", "receipt_number")
            .values_list(*self.FIELDS)
            .iterator(chunk_size=ITERATOR_CHUNK)
        )
        for (
            receipt_number,
            received_on,
            name,
            donor_kind,
            is_anonymous,
            phone,
            address,
            district,
            kind,
            amount,
            goods_description,
            goods_quantity,
            goods_unit,
            purpose,
            fund,
            project,
            overseas_batch,
            status,
            void_reason,
        ) in rows:
            if mask:
                # An anonymous donor's name is personal data; a named gift's donor is not.
                if is_anonymous:
                    name = mask_name(name)
                phone = mask_phone(phone)
                address = mask_address(address, district)
            yield [
                receipt_number,
                received_on,
                name,
                donor_kinds[donor_kind],
                is_anonymous,
                phone,
                address,
                kinds[kind],
                amount,
                goods_description,
                goods_quantity,
                goods_unit,
                purposes[purpose],
                fund,
                project or "",
                overseas_batch or "",
                statuses[status],
                void_reason,
            ]

    def money_totals(self, queryset=None):
        if queryset is None:
            queryset = self.get_queryset()
        total = queryset.order_by().aggregate(total=Sum("amount"))["total"]
        return {"amount": Decimal("0.00") if total is None else total}

    def copy_query(self, queryset=None, *, mask=True):
        """`iter_rows` in SQL: the same labels (active language), masking and neutralising.

        One level of SELECT, so that PostgreSQL's parallel workers make the cells (and
        neutralise them) before the sort, instead of the leader making each after it.
        """

        def text(column):
            return text_cell(column), []

        def labels(column, choices):
            # The labels are neutralised here; the database guards only a value without one.
            whens, params = [], []
            for value, label in choice_labels(choices).items():
                whens.append("WHEN %s THEN %s")
                params.extend([value, neutralise(str(label)) or None])
            return f"CASE {column} {' '.join(whens)} ELSE {text_cell(column)} END", params

        def yes_no(column):
            yes, no = (neutralise(str(word)) or None for word in (gettext("Yes"), gettext("No")))
            return f"CASE WHEN {column} THEN %s ELSE %s END", [yes, no]

        if mask:
            # mask_name, mask_phone and mask_address of apps.core.exports, in SQL; each text
            # guarded where it is made, so that no masking is computed twice.
            name = (
                f"CASE WHEN NOT d.is_anonymous THEN {text_cell('n.name')}"
                f" WHEN btrim(n.name, {SPACES}) = '' THEN NULL"
                f" ELSE {text_cell(f'left(btrim(n.name, {SPACES}), 1)')} || '**' END",
                [],
            )
            # Digits and stars: never a formula, only '' to be written as NULL.
            phone = (
                "nullif(CASE WHEN length(n.digits) >= 7"
                " THEN left(n.digits, 3) || '****' || right(n.digits, 4)"
                " ELSE repeat('*', length(n.digits) - 2) || right(n.digits, 2) END, '')",
                [],
            )
            district = text_cell("coalesce(district.name, '***')")
            address = (
                f"CASE WHEN coalesce(n.address, '') = '' THEN NULL ELSE {district} END",
                [],
            )
        else:
            name, phone, address = text("n.name"), text("n.phone"), text("n.address")
        # One cell per column, in the order of `columns`: (SQL, its params). Text is written
        # as the Python writer writes it (text_cell).
        cells = [
            text("d.receipt_number"),
            ("to_char(d.received_on, 'YYYY-MM-DD')", []),
            name,
            labels("n.kind", DonorKind),
            yes_no("d.is_anonymous"),
            phone,
            address,
            labels("d.kind", DonationKind),
            ("d.amount_fen::numeric * 0.01", []),  # whole fen to yuan, two places
            text("d.goods_description"),
            ("d.goods_quantity", []),
            text("d.goods_unit"),
            labels("d.purpose", Purpose),
            text("fund.name"),
            text("project.name"),
            text("batch.reference"),
            labels("d.status", DonationStatus),
            text("d.void_reason"),
        ]
        columns = [sql for sql, _params in cells]
        params = [param for _sql, cell_params in cells for param in cell_params]
        where = ""
        if queryset is not None:
            # The admin's filtered changelist: its rows, whatever joins its filters need.
            subquery, subquery_params = queryset.order_by().values("pk").query.sql_with_params()
            where = f"WHERE d.id IN ({subquery})"
            params.extend(subquery_params)
        table = {
            model.__name__: model._meta.db_table
            for model in (Donation, Donor, District, Fund, Project, OverseasBatch)
        }
        sql = (
            f"SELECT {', '.join(columns)} FROM {table['Donation']} d"
            " LEFT JOIN (SELECT donor.*, regexp_replace(donor.phone, '\\D', '', 'g') AS digits"
            f" FROM {table['Donor']} donor) n ON n.id = d.donor_id"
            f" LEFT JOIN {table['District']} district ON district.id = n.district_id"
            f" LEFT JOIN {table['Fund']} fund ON fund.id = d.fund_id"
            f" LEFT JOIN {table['Project']} project ON project.id = d.project_id"
            f" LEFT JOIN {table['OverseasBatch']} batch ON batch.id = d.overseas_batch_id"
            f" {where} ORDER BY d.received_on, d.receipt_number"
        )
        return sql, params


# Whitespace that Python's str.strip() takes off a name, for PostgreSQL's btrim().
SPACES = "E' \\t\\n\\r\\u000b\\u000c\\u00a0\\u3000'"


def text_cell(expression: str) -> str:
    """A text cell as the Python writer makes it: '' as NULL (COPY writes it unquoted), and a
    leading apostrophe before = + - @ tab CR (apps.core.exports.neutralise). The expression
    appears twice: give it no params, and nothing costly to compute. ascii() reads the
    first character's code without copying the text, as left() did, a million times a
    file."""
    return (
        f"(CASE WHEN ascii({expression}) IN ({_FORMULA_CODES}) THEN '''' ELSE '' END"
        f" || nullif({expression}, ''))"
    )


_FORMULA_CODES = ", ".join(str(ord(char)) for char in FORMULA_STARTS)


@register
class DonorExport(Export):
    name = "donors"
    title = _("Donors")
    model = Donor
    columns = [
        ("id", _("ID")),
        ("name", _("name")),
        ("kind", _("kind")),
        ("phone", _("phone")),
        ("address", _("address")),
        ("district", _("district")),
    ]
    personal_columns = frozenset({"name", "phone", "address"})

    def prepare(self, queryset):
        anonymous = Donation.objects.filter(donor=OuterRef("pk"), is_anonymous=True)
        return (
            queryset.select_related("district")
            .annotate(gave_anonymously=Exists(anonymous))
            .order_by("pk")
        )

    def row(self, donor, *, mask):
        name, phone, address = donor.name, donor.phone, donor.address
        if mask:
            # Whoever gave anonymously even once is masked in the list of donors.
            if donor.gave_anonymously:
                name = mask_name(name)
            phone = mask_phone(phone)
            address = mask_address(address, donor.district)
        return [
            donor.pk,
            name,
            donor.get_kind_display(),
            phone,
            address,
            donor.district.name if donor.district else "",
        ]


@register
class DisbursementExport(Export):
    name = "disbursements"
    title = _("Disbursements")
    model = Disbursement
    columns = [
        ("voucher_number", _("voucher number")),
        ("paid_on", _("paid on")),
        ("project", _("project")),
        ("project_kind", _("project kind")),
        ("region", _("region")),
        ("fund", _("fund")),
        ("amount", _("amount (CNY)")),
        ("beneficiaries", _("people helped")),
        ("description", _("description")),
    ]
    money_columns = frozenset({"amount"})

    def prepare(self, queryset):
        return queryset.select_related("project__fund").order_by("paid_on", "voucher_number")

    def row(self, d, *, mask):
        return [
            d.voucher_number,
            d.paid_on,
            d.project.name,
            d.project.get_kind_display(),
            d.project.get_region_display(),
            d.project.fund.name,
            d.amount,
            d.beneficiaries,
            d.description,
        ]


@register
class FundBalanceExport(Export):
    """Funds with what they received and paid out: the reconciliation received − disbursed."""

    name = "funds"
    title = _("Funds with balances")
    model = Fund
    columns = [
        ("code", _("code")),
        ("name", _("name")),
        ("kind", _("kind")),
        ("opening_balance", _("opening balance (CNY)")),
        ("opening_balance_on", _("opening balance as of")),
        ("received", _("received (CNY)")),
        ("disbursed", _("disbursed (CNY)")),
        ("balance", _("balance (CNY)")),
    ]
    money_columns = frozenset({"opening_balance", "received", "disbursed", "balance"})

    def prepare(self, queryset):
        # The public selector's figures, restricted to the funds asked for.
        return fund_balances().filter(pk__in=queryset.values("pk")).order_by("kind", "code")

    def row(self, fund, *, mask):
        return [
            fund.code,
            fund.name,
            fund.get_kind_display(),
            fund.opening_balance,
            fund.opening_balance_on,
            fund.received,
            fund.disbursed,
            fund.balance,
        ]


@register
class ReceivedByYearAndFund(Export):
    """Aggregated: money and goods received per year and fund, from the public selectors."""

    permission = "donations.view_donation"
    name = "donations-by-year-fund"
    title = _("Donations received by year and fund")
    columns = [
        ("year", _("year")),
        ("fund_code", _("fund code")),
        ("fund", _("fund")),
        ("donations", _("donations")),
        ("total", _("received (CNY)")),
    ]
    money_columns = frozenset({"total"})

    def get_queryset(self):
        return None

    def iter_rows(self, queryset=None, *, mask=True):
        for year_row in received_by_year():
            year = year_row["year"]
            period = Period(date(year, 1, 1), date(year, 12, 31))
            for fund in sorted(received_by_fund(period), key=lambda f: f["code"]):
                yield [year, fund["code"], fund["name"], fund["donations"], fund["total"]]

from participation.selectors.dashboard import DashboardFigures, dashboard_figures
from participation.selectors.report import ReportFigures, report_figures

__all__ = ["DashboardFigures", "ReportFigures", "dashboard_figures", "report_figures"]

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QMainWindow,
    QMenu, QMenuBar, QSizePolicy, QSpacerItem,
    QStackedWidget, QStatusBar, QTableView, QVBoxLayout,
    QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1200, 720)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionQuit.setMenuRole(QAction.MenuRole.QuitRole)
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.filterBar = QHBoxLayout()
        self.filterBar.setObjectName(u"filterBar")
        self.scopeLabel = QLabel(self.centralwidget)
        self.scopeLabel.setObjectName(u"scopeLabel")

        self.filterBar.addWidget(self.scopeLabel)

        self.scopeCombo = QComboBox(self.centralwidget)
        self.scopeCombo.setObjectName(u"scopeCombo")
        self.scopeCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.scopeCombo)

        self.filterSpacer = QSpacerItem(16, 10, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.filterBar.addItem(self.filterSpacer)

        self.searchLabel = QLabel(self.centralwidget)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterBar.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(self.centralwidget)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filterBar.addWidget(self.searchEdit)

        self.loadingLabel = QLabel(self.centralwidget)
        self.loadingLabel.setObjectName(u"loadingLabel")

        self.filterBar.addWidget(self.loadingLabel)


        self.centralLayout.addLayout(self.filterBar)

        self.stack = QStackedWidget(self.centralwidget)
        self.stack.setObjectName(u"stack")
        self.tablePage = QWidget()
        self.tablePage.setObjectName(u"tablePage")
        self.tablePageLayout = QVBoxLayout(self.tablePage)
        self.tablePageLayout.setObjectName(u"tablePageLayout")
        self.tablePageLayout.setContentsMargins(0, 0, 0, 0)
        self.caseloadView = QTableView(self.tablePage)
        self.caseloadView.setObjectName(u"caseloadView")
        self.caseloadView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.caseloadView.setAlternatingRowColors(True)
        self.caseloadView.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.caseloadView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.caseloadView.setWordWrap(False)
        self.caseloadView.horizontalHeader().setStretchLastSection(True)
        self.caseloadView.verticalHeader().setVisible(False)

        self.tablePageLayout.addWidget(self.caseloadView)

        self.stack.addWidget(self.tablePage)
        self.messagePage = QWidget()
        self.messagePage.setObjectName(u"messagePage")
        self.messagePageLayout = QVBoxLayout(self.messagePage)
        self.messagePageLayout.setObjectName(u"messagePageLayout")
        self.messageLabel = QLabel(self.messagePage)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.messageLabel.setWordWrap(True)

        self.messagePageLayout.addWidget(self.messageLabel)

        self.stack.addWidget(self.messagePage)

        self.centralLayout.addWidget(self.stack)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuCaseload = QMenu(self.menubar)
        self.menuCaseload.setObjectName(u"menuCaseload")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
#if QT_CONFIG(shortcut)
        self.scopeLabel.setBuddy(self.scopeCombo)
        self.searchLabel.setBuddy(self.searchEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.scopeCombo, self.searchEdit)
        QWidget.setTabOrder(self.searchEdit, self.caseloadView)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuCaseload.menuAction())
        self.menuFile.addAction(self.actionQuit)
        self.menuCaseload.addAction(self.actionFind)
        self.menuCaseload.addAction(self.actionRefresh)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"rsoman", None))
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Find\u2026", None))
#if QT_CONFIG(tooltip)
        self.actionFind.setToolTip(QCoreApplication.translate("MainWindow", u"Search the caseload by name, alias or reference", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionFind.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"&Refresh", None))
#if QT_CONFIG(shortcut)
        self.actionRefresh.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.scopeLabel.setText(QCoreApplication.translate("MainWindow", u"S&how:", None))
#if QT_CONFIG(tooltip)
        self.scopeCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Whose offenders to list", None))
#endif // QT_CONFIG(tooltip)
        self.searchLabel.setText(QCoreApplication.translate("MainWindow", u"&Search:", None))
#if QT_CONFIG(tooltip)
        self.searchEdit.setToolTip(QCoreApplication.translate("MainWindow", u"Find by name, alias or reference (Ctrl+F)", None))
#endif // QT_CONFIG(tooltip)
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Name, alias or reference", None))
        self.loadingLabel.setText(QCoreApplication.translate("MainWindow", u"Loading\u2026", None))
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menuCaseload.setTitle(QCoreApplication.translate("MainWindow", u"&Caseload", None))
    # retranslateUi


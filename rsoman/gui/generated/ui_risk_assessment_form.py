# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'risk_assessment_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QGridLayout, QGroupBox, QLabel,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_ArmsGrid(object):
    def setupUi(self, ArmsGrid):
        if not ArmsGrid.objectName():
            ArmsGrid.setObjectName(u"ArmsGrid")
        ArmsGrid.resize(560, 420)
        self.armsLayout = QVBoxLayout(ArmsGrid)
        self.armsLayout.setObjectName(u"armsLayout")
        self.armsLayout.setContentsMargins(0, 0, 0, 0)
        self.riskGroup = QGroupBox(ArmsGrid)
        self.riskGroup.setObjectName(u"riskGroup")
        self.riskOuter = QVBoxLayout(self.riskGroup)
        self.riskOuter.setObjectName(u"riskOuter")
        self.riskNote = QLabel(self.riskGroup)
        self.riskNote.setObjectName(u"riskNote")
        self.riskNote.setWordWrap(True)

        self.riskOuter.addWidget(self.riskNote)

        self.riskGrid = QGridLayout()
        self.riskGrid.setObjectName(u"riskGrid")
        self.riskGrid.setHorizontalSpacing(18)
        self.riskGrid.setVerticalSpacing(6)
        self.riskNoneHeader = QLabel(self.riskGroup)
        self.riskNoneHeader.setObjectName(u"riskNoneHeader")
        self.riskNoneHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskNoneHeader, 0, 1, 1, 1)

        self.riskSomeHeader = QLabel(self.riskGroup)
        self.riskSomeHeader.setObjectName(u"riskSomeHeader")
        self.riskSomeHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskSomeHeader, 0, 2, 1, 1)

        self.riskStrongHeader = QLabel(self.riskGroup)
        self.riskStrongHeader.setObjectName(u"riskStrongHeader")
        self.riskStrongHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskStrongHeader, 0, 3, 1, 1)


        self.riskOuter.addLayout(self.riskGrid)


        self.armsLayout.addWidget(self.riskGroup)

        self.protectiveGroup = QGroupBox(ArmsGrid)
        self.protectiveGroup.setObjectName(u"protectiveGroup")
        self.protectiveOuter = QVBoxLayout(self.protectiveGroup)
        self.protectiveOuter.setObjectName(u"protectiveOuter")
        self.protectiveNote = QLabel(self.protectiveGroup)
        self.protectiveNote.setObjectName(u"protectiveNote")
        self.protectiveNote.setWordWrap(True)

        self.protectiveOuter.addWidget(self.protectiveNote)

        self.protectiveGrid = QGridLayout()
        self.protectiveGrid.setObjectName(u"protectiveGrid")
        self.protectiveGrid.setHorizontalSpacing(18)
        self.protectiveGrid.setVerticalSpacing(6)
        self.protectiveNoneHeader = QLabel(self.protectiveGroup)
        self.protectiveNoneHeader.setObjectName(u"protectiveNoneHeader")
        self.protectiveNoneHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveNoneHeader, 0, 1, 1, 1)

        self.protectiveSomeHeader = QLabel(self.protectiveGroup)
        self.protectiveSomeHeader.setObjectName(u"protectiveSomeHeader")
        self.protectiveSomeHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveSomeHeader, 0, 2, 1, 1)

        self.protectiveStrongHeader = QLabel(self.protectiveGroup)
        self.protectiveStrongHeader.setObjectName(u"protectiveStrongHeader")
        self.protectiveStrongHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveStrongHeader, 0, 3, 1, 1)


        self.protectiveOuter.addLayout(self.protectiveGrid)


        self.armsLayout.addWidget(self.protectiveGroup)


        self.retranslateUi(ArmsGrid)

        QMetaObject.connectSlotsByName(ArmsGrid)
    # setupUi

    def retranslateUi(self, ArmsGrid):
        ArmsGrid.setWindowTitle(QCoreApplication.translate("ArmsGrid", u"ARMS factors", None))
        self.riskGroup.setTitle(QCoreApplication.translate("ArmsGrid", u"ARMS risk factors", None))
        self.riskNote.setText(QCoreApplication.translate("ArmsGrid", u"Evidence of each dynamic risk factor.", None))
        self.riskNoneHeader.setText(QCoreApplication.translate("ArmsGrid", u"None", None))
        self.riskSomeHeader.setText(QCoreApplication.translate("ArmsGrid", u"Some", None))
        self.riskStrongHeader.setText(QCoreApplication.translate("ArmsGrid", u"Strong", None))
        self.protectiveGroup.setTitle(QCoreApplication.translate("ArmsGrid", u"ARMS protective factors", None))
        self.protectiveNote.setText(QCoreApplication.translate("ArmsGrid", u"Evidence of each protective factor.", None))
        self.protectiveNoneHeader.setText(QCoreApplication.translate("ArmsGrid", u"None", None))
        self.protectiveSomeHeader.setText(QCoreApplication.translate("ArmsGrid", u"Some", None))
        self.protectiveStrongHeader.setText(QCoreApplication.translate("ArmsGrid", u"Strong", None))
    # retranslateUi


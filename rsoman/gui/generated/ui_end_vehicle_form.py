# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'end_vehicle_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QDateEdit, QFormLayout,
    QLabel, QSizePolicy, QVBoxLayout, QWidget)

class Ui_EndVehicleFormBody(object):
    def setupUi(self, EndVehicleFormBody):
        if not EndVehicleFormBody.objectName():
            EndVehicleFormBody.setObjectName(u"EndVehicleFormBody")
        self.form = QFormLayout(EndVehicleFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.lastUsedLabel = QLabel(EndVehicleFormBody)
        self.lastUsedLabel.setObjectName(u"lastUsedLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.lastUsedLabel)

        self.lastUsedField = QWidget(EndVehicleFormBody)
        self.lastUsedField.setObjectName(u"lastUsedField")
        self.lastUsedFieldLayout = QVBoxLayout(self.lastUsedField)
        self.lastUsedFieldLayout.setObjectName(u"lastUsedFieldLayout")
        self.lastUsedFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.lastUsedDate = QDateEdit(self.lastUsedField)
        self.lastUsedDate.setObjectName(u"lastUsedDate")
        self.lastUsedDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.lastUsedDate.setCalendarPopup(True)

        self.lastUsedFieldLayout.addWidget(self.lastUsedDate)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.lastUsedField)

#if QT_CONFIG(shortcut)
        self.lastUsedLabel.setBuddy(self.lastUsedDate)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(EndVehicleFormBody)

        QMetaObject.connectSlotsByName(EndVehicleFormBody)
    # setupUi

    def retranslateUi(self, EndVehicleFormBody):
        self.lastUsedLabel.setText(QCoreApplication.translate("EndVehicleFormBody", u"Last &used on", None))
        self.lastUsedDate.setDisplayFormat(QCoreApplication.translate("EndVehicleFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.lastUsedDate.setToolTip(QCoreApplication.translate("EndVehicleFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

